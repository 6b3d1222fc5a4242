namespace Spigo.Client.Hosting;

/// <summary>How many nanoservices one silo held when the census was taken.</summary>
public sealed record SiloCount(string Silo, int Nanoservices);
