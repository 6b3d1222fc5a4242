namespace Spigo.Client.Fsm;

/// <summary>What an fsm run did, for the summary line and for tests.</summary>
public sealed record FsmResult(
    int Pirates,
    long Delivered,
    TimeSpan SetupTime,
    long GoldGiven,
    long GoldReported,
    long Buddies,
    int Goodbyes,
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> Lost,
    IReadOnlyList<Hosting.SiloCount> Silos)
{
    /// <summary>Checkable only when every pirate reported: a lost silo takes its pirates' gold with it.</summary>
    public bool GoldConserved => Missing.Count == 0 && Lost.Count == 0 && GoldGiven == GoldReported;
}
