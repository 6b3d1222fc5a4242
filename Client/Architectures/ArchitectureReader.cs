using System.Text.Json;
using Spigo.Architecture;
using Spigo.Names;

namespace Spigo.Client.Architectures;

/// <summary>
/// Reads spigo's json_arch format and checks it: every problem is an <see cref="ArchitectureException"/> naming the
/// file and the field (and line/column for malformed JSON). Unknown fields (machine, instance, container, process)
/// are accepted and ignored, as in spigo.
/// </summary>
public static class ArchitectureReader
{
    public static ArchitectureDefinition Read(string path) =>
        Parse(Output.InputFile.Read(path, message => new ArchitectureException(message)), path);

    public static ArchitectureDefinition Parse(byte[] utf8, string source)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(utf8, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            var cut = e.Message.IndexOf(". ", StringComparison.Ordinal);
            throw new ArchitectureException($"{source}:{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}: malformed JSON: {(cut > 0 ? e.Message[..cut] : e.Message)}");
        }
        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new ArchitectureException($"{source}: expected an object with \"arch\" and \"services\"");
            var arch = RequiredString(root, "arch", source, "");
            if (NanoName.CheckPart(arch, allowAny: false) is { } archProblem) throw new ArchitectureException($"{source}: \"arch\" {archProblem}");
            var description = OptionalString(root, "description", source, "") ?? "";
            var version = OptionalString(root, "version", source, "") ?? "";
            var victim = OptionalString(root, "victim", source, "") ?? "";
            if (!root.TryGetProperty("services", out var services) || services.ValueKind != JsonValueKind.Array)
            {
                throw new ArchitectureException($"{source}: \"services\" must be an array");
            }
            var list = new List<ServiceDefinition>();
            var index = 0;
            foreach (var s in services.EnumerateArray())
            {
                var where = $"services[{index++}]";
                if (s.ValueKind != JsonValueKind.Object) throw new ArchitectureException($"{source}: {where}: expected an object");
                var name = RequiredString(s, "name", source, where);
                where = $"{where} \"{name}\"";
                if (NanoName.CheckPart(name, allowAny: false) is { } nameProblem) throw new ArchitectureException($"{source}: {where}: \"name\" {nameProblem}");
                var package = RequiredString(s, "package", source, where);
                if (!Packages.Services.Contains(package))
                {
                    throw new ArchitectureException($"{source}: {where}: unknown package \"{package}\"; known: {string.Join(", ", Packages.Services)}");
                }
                var count = Integer(s, "count", source, where);
                var regions = Integer(s, "regions", source, where);
                var dependencies = new List<string>();
                if (s.TryGetProperty("dependencies", out var deps) && deps.ValueKind != JsonValueKind.Null)
                {
                    if (deps.ValueKind != JsonValueKind.Array) throw new ArchitectureException($"{source}: {where}: \"dependencies\" must be an array of service names");
                    foreach (var d in deps.EnumerateArray())
                    {
                        if (d.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(d.GetString())) throw new ArchitectureException($"{source}: {where}: \"dependencies\" must hold service names");
                        dependencies.Add(d.GetString()!);
                    }
                }
                list.Add(new ServiceDefinition(name, package, count, regions, dependencies));
            }
            if (list.Count == 0) throw new ArchitectureException($"{source}: \"services\" is empty");
            var definition = new ArchitectureDefinition(arch, description, version, victim, list);
            Validate(definition, source);
            return definition;
        }
    }

    /// <summary>Checks a definition's consistency; also used for the built-in migration steps.</summary>
    public static void Validate(ArchitectureDefinition definition, string source)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < definition.Services.Count; i++)
        {
            var s = definition.Services[i];
            if (!names.Add(s.Name)) throw new ArchitectureException($"{source}: services[{i}]: duplicate service name \"{s.Name}\"");
            if (s.Count < 0) throw new ArchitectureException($"{source}: services[{i}] \"{s.Name}\": \"count\" is {s.Count}; it must be 0 or more");
            if (s.Regions < 0) throw new ArchitectureException($"{source}: services[{i}] \"{s.Name}\": \"regions\" is {s.Regions}; it must be 0 or more");
        }
        for (var i = 0; i < definition.Services.Count; i++)
        {
            var s = definition.Services[i];
            foreach (var d in s.Dependencies)
            {
                if (d != Packages.RegistryDependency && !names.Contains(d))
                {
                    throw new ArchitectureException($"{source}: services[{i}] \"{s.Name}\": unknown dependency \"{d}\"");
                }
            }
        }
        if (definition.Victim.Length > 0 && !names.Contains(definition.Victim))
        {
            throw new ArchitectureException($"{source}: \"victim\" names \"{definition.Victim}\", which is not a service of this architecture");
        }
    }

    private static string? OptionalString(JsonElement e, string property, string source, string where)
    {
        if (!e.TryGetProperty(property, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return v.ValueKind == JsonValueKind.String ? v.GetString() : throw new ArchitectureException($"{source}: {Prefix(where)}\"{property}\" must be a string");
    }

    private static string RequiredString(JsonElement e, string property, string source, string where) =>
        OptionalString(e, property, source, where) is { Length: > 0 } s ? s : throw new ArchitectureException($"{source}: {Prefix(where)}\"{property}\" is missing");

    private static int Integer(JsonElement e, string property, string source, string where)
    {
        if (!e.TryGetProperty(property, out var v)) throw new ArchitectureException($"{source}: {where}: \"{property}\" is missing");
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var n)) throw new ArchitectureException($"{source}: {where}: \"{property}\" must be a whole number");
        if (n < 0) throw new ArchitectureException($"{source}: {where}: \"{property}\" is {n}; it must be 0 or more");
        return n;
    }

    private static string Prefix(string where) => where.Length == 0 ? "" : where + ": ";
}
