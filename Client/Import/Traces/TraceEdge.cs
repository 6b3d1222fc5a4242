namespace Spigo.Client.Import;

/// <summary>Calls along one dependency the traces show: how many, how many failed, and how many per request of the caller.</summary>
public sealed record TraceEdge(string From, string To, long Calls, long Errors, double CallsPerRequest)
{
    public double ErrorShare => Calls > 0 ? (double)Errors / Calls : 0;
}
