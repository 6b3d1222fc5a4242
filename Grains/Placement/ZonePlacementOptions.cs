using Microsoft.Extensions.Options;

namespace Spigo.Grains.Placement;

/// <summary>How zone placement spreads zones over silos.</summary>
public sealed class ZonePlacementOptions
{
    /// <summary>
    /// The regions the runs on this cluster use (spigo's -w, 1–6): three zones each. With fewer silos than zones, zone k
    /// lives on silo k mod silos; with more, zone k owns every silo i with i mod zones = k, and its nanoservices
    /// spread over that group by name.
    /// </summary>
    public int Regions { get; set; } = 1;
}

/// <summary>Checks <see cref="ZonePlacementOptions"/> when the silo starts.</summary>
public sealed class ZonePlacementOptionsValidator : IValidateOptions<ZonePlacementOptions>
{
    public ValidateOptionsResult Validate(string? name, ZonePlacementOptions options) =>
        options.Regions is >= 1 and <= 6
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"zone placement: regions must be 1 to 6, not {options.Regions}");
}
