using System.Text.Json;
using Spigo.Gotocol;

namespace Spigo.Client.Architectures;

/// <summary>
/// A service's "resilience" in json_arch: a policy for every dependency (<c>"resilience": "timeout:50ms,retries:2"</c>) or
/// one per dependency, "*" for the rest (<c>"resilience": {"cassSubscriber": "timeout:20ms", "*": "breaker:5/5s"}</c>);
/// --resilience SERVICE[/DEPENDENCY]=POLICY says the same on the command line, over the file's.
/// </summary>
public static class ResilienceField
{
    public static IReadOnlyDictionary<string, ResiliencePolicy>? Read(JsonElement service, string source, string where, IReadOnlyList<string> dependencies)
    {
        if (!service.TryGetProperty("resilience", out var field) || field.ValueKind == JsonValueKind.Null) return null;
        var policies = new Dictionary<string, ResiliencePolicy>(StringComparer.Ordinal);
        if (field.ValueKind == JsonValueKind.String)
        {
            policies[ResiliencePolicy.AnyDependency] = Parse(field.GetString(), $"{source}: {where}: \"resilience\"");
            return policies;
        }
        if (field.ValueKind != JsonValueKind.Object)
        {
            throw new ArchitectureException($"{source}: {where}: \"resilience\" must be a policy (e.g. \"{ResiliencePolicy.Example}\") or an object of them by dependency");
        }
        foreach (var entry in field.EnumerateObject())
        {
            var at = $"{source}: {where}: \"resilience\".\"{entry.Name}\"";
            if (entry.Name != ResiliencePolicy.AnyDependency && !dependencies.Contains(entry.Name))
            {
                throw new ArchitectureException($"{at}: not a dependency of this service (it has {(dependencies.Count == 0 ? "none" : string.Join(", ", dependencies))})");
            }
            if (entry.Value.ValueKind != JsonValueKind.String) throw new ArchitectureException($"{at}: must be a policy, e.g. \"{ResiliencePolicy.Example}\"");
            policies[entry.Name] = Parse(entry.Value.GetString(), at);
        }
        return policies;
    }

    private static ResiliencePolicy Parse(string? text, string at) =>
        ResiliencePolicy.TryParse(text, out var policy, out var error) ? policy : throw new ArchitectureException($"{at}: {error}");
}
