namespace Spigo.Client.Architectures;

/// <summary>
/// An architecture in spigo's json_arch shape. The last service is the traffic root; <see cref="Victim"/> is the
/// service that loses an instance halfway through a run ("" for none). <see cref="JoinedRegions"/> says whether
/// storage replicates across regions (the migration's step 7 runs two regions that are not yet joined). <see cref="Chaos"/>
/// holds the faults the file schedules (this project's "chaos" field, in --chaos's form). <see cref="Regions"/>, when set,
/// is how many regions the run spans whatever -w says (spigo's migration sets 2 at steps 7 and 8, 3 at step 9).
/// <see cref="Load"/> is the file's own offered load (this project's "load" field, in --load's form).
/// </summary>
public sealed record ArchitectureDefinition(
    string Arch,
    string Description,
    string Version,
    string Victim,
    IReadOnlyList<ServiceDefinition> Services,
    bool JoinedRegions = true,
    IReadOnlyList<Fault>? Chaos = null,
    int? Regions = null,
    LoadSchedule? Load = null)
{
    public ServiceDefinition Root => Services[^1];
}
