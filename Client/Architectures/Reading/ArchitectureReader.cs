using System.Text.Json;
using Spigo.Architecture;
using Spigo.Gotocol;
using Spigo.Names;

namespace Spigo.Client.Architectures;

/// <summary>
/// Reads spigo's json_arch format and checks it: every problem is an <see cref="ArchitectureException"/> naming the
/// file and the field (and line/column for malformed JSON). Unknown fields (machine, instance, container, process)
/// are accepted and ignored, as in spigo. Where spigo's Go reader falls back on a zero value, so does this one, because
/// spigo's own files rely on it: a missing or null "regions" is 0 (one global node), a missing or null "count" is 0,
/// a null "dependencies" is none, and an "arch" such as "simpleV2.yml" becomes a valid name part (see
/// <see cref="ArchitectureName"/>).
/// </summary>
public static class ArchitectureReader
{
    /// <summary>Instances of one service at 100%: a json_arch "count" above this is a mistake, not a plan.</summary>
    public const int MaxCount = 1_000_000;

    /// <summary>The largest instance number Asgard can give: the last of <see cref="MaxCount"/> in the sixth region.</summary>
    private const int LargestInstanceNumber = MaxCount * 6 - 1;

    public static ArchitectureDefinition Read(string path) =>
        Parse(Output.InputFile.Read(path, Output.InputFile.ArchitectureLimit, message => new ArchitectureException(message)), path);

    public static ArchitectureDefinition Parse(byte[] utf8, string source)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(utf8, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            var cut = e.Message.IndexOf(". ", StringComparison.Ordinal);
            throw new ArchitectureException($"{source}:{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}: malformed JSON: {(cut > 0 ? e.Message[..cut] : e.Message)}");
        }
        using (json)
        try
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new ArchitectureException($"{source}: expected an object with \"arch\" and \"services\"");
            var arch = ArchitectureName.FromText(RequiredString(root, "arch", source, ""), source);
            var description = OptionalString(root, "description", source, "") ?? "";
            var version = OptionalString(root, "version", source, "") ?? "";
            var victim = OptionalString(root, "victim", source, "") ?? "";
            if (!root.TryGetProperty("services", out var services) || services.ValueKind != JsonValueKind.Array)
            {
                throw new ArchitectureException($"{source}: \"services\" must be an array");
            }
            var list = services.EnumerateArray().Select((s, index) => ReadService(s, source, $"services[{index}]")).ToList();
            if (list.Count == 0) throw new ArchitectureException($"{source}: \"services\" is empty");
            var load = OptionalString(root, "load", source, "") is { } loadText ? LoadSchedule.Parse(loadText, $"{source}: \"load\"") : null;
            var definition = new ArchitectureDefinition(arch, description, version, victim, list, Chaos: ReadChaos(root, source), Load: load);
            Validate(definition, source);
            return definition;
        }
        catch (InvalidOperationException e) when (e.Message.Contains("surrogate", StringComparison.OrdinalIgnoreCase))
        {
            // System.Text.Json reads "\ud800" alone, then refuses to make a string of it.
            throw new ArchitectureException($"{source}: a string holds an unpaired UTF-16 surrogate escape (such as \\ud800 alone), which is no character");
        }
    }

    /// <summary>One entry of "services", at <paramref name="where"/> (services[i]) in <paramref name="source"/>.</summary>
    private static ServiceDefinition ReadService(JsonElement s, string source, string where)
    {
        if (s.ValueKind != JsonValueKind.Object) throw new ArchitectureException($"{source}: {where}: expected an object");
        var name = RequiredString(s, "name", source, where);
        where = $"{where} \"{name}\"";
        if (NanoName.CheckPart(name, allowAny: false) is { } nameProblem) throw new ArchitectureException($"{source}: {where}: \"name\" {nameProblem}");
        // Its instances are named after it with their number appended (up to 7 digits): that must fit too.
        if (NanoName.CheckPart(name + LargestInstanceNumber, allowAny: false) is { } instanceProblem)
        {
            throw new ArchitectureException($"{source}: {where}: \"name\" leaves no room for an instance number: {name}{LargestInstanceNumber} {instanceProblem}");
        }
        var package = RequiredString(s, "package", source, where);
        if (!Packages.Services.Contains(package))
        {
            throw new ArchitectureException($"{source}: {where}: unknown package \"{package}\"; known: {string.Join(", ", Packages.Services)}");
        }
        var count = Integer(s, "count", source, where, MaxCount);
        var regions = Integer(s, "regions", source, where, Geography.Regions.Count);
        var dependencies = Dependencies(s, source, where);
        return new ServiceDefinition(name, package, count, regions, dependencies,
            Field(s, "latency", source, where, ServiceTime.TryParse, out ServiceTime latency) ? latency : null,
            Resilience: ResilienceField.Read(s, source, where, dependencies),
            Capacity: Field(s, "capacity", source, where, Capacity.TryParse, out Capacity capacity) ? capacity : null,
            Autoscale: Field(s, "autoscale", source, where, ScalingPolicy.TryParse, out ScalingPolicy autoscale) ? autoscale : null);
    }

    private static List<string> Dependencies(JsonElement s, string source, string where)
    {
        var dependencies = new List<string>();
        if (!s.TryGetProperty("dependencies", out var deps) || deps.ValueKind == JsonValueKind.Null) return dependencies;
        if (deps.ValueKind != JsonValueKind.Array) throw new ArchitectureException($"{source}: {where}: \"dependencies\" must be an array of service names");
        foreach (var d in deps.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(d.GetString())) throw new ArchitectureException($"{source}: {where}: \"dependencies\" must hold service names");
            dependencies.Add(d.GetString()!);
        }
        return dependencies;
    }

    private delegate bool FieldParser<T>(string text, out T value, out string error);

    /// <summary>An optional string field in a form of its own (a service time, a capacity, a scaling policy): false when absent.</summary>
    private static bool Field<T>(JsonElement s, string field, string source, string where, FieldParser<T> parse, out T value)
    {
        if (OptionalString(s, field, source, where) is not { } text)
        {
            value = default!;
            return false;
        }
        return parse(text, out value, out var error) ? true : throw new ArchitectureException($"{source}: {where}: \"{field}\" {error}");
    }

    /// <summary>
    /// Checks a definition's consistency; also used for the built-in migration steps, whose dependencies may name a
    /// service that only a later step adds (<paramref name="comingLater"/>), as spigo's did.
    /// </summary>
    public static void Validate(ArchitectureDefinition definition, string source, IReadOnlySet<string>? comingLater = null) =>
        Validate(definition, source, comingLater, i => $"services[{i}] \"{definition.Services[i].Name}\"");

    /// <summary>A reloaded graph's services, checked as a file's are; each is named by its service, as the graph has no list.</summary>
    public static void ValidateGraph(ArchitectureDefinition definition, string source) =>
        Validate(definition, source, null, i => $"service \"{definition.Services[i].Name}\"");

    private static void Validate(ArchitectureDefinition definition, string source, IReadOnlySet<string>? comingLater, Func<int, string> at)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < definition.Services.Count; i++)
        {
            var s = definition.Services[i];
            if (!names.Add(s.Name)) throw new ArchitectureException($"{source}: services[{i}]: duplicate service name \"{s.Name}\"");
            if (s.Count < 0) throw new ArchitectureException($"{source}: {at(i)}: \"count\" is {s.Count}; it must be 0 or more");
            if (s.Regions < 0) throw new ArchitectureException($"{source}: {at(i)}: \"regions\" is {s.Regions}; it must be 0 or more");
        }
        for (var i = 0; i < definition.Services.Count; i++)
        {
            var s = definition.Services[i];
            foreach (var d in s.Dependencies)
            {
                if (d != Packages.RegistryDependency && !names.Contains(d) && comingLater?.Contains(d) != true)
                {
                    throw new ArchitectureException($"{source}: {at(i)}: unknown dependency \"{d}\"");
                }
            }
        }
        CheckCycles(definition, source, at);
        if (definition.Victim.Length > 0 && !names.Contains(definition.Victim))
        {
            throw new ArchitectureException($"{source}: \"victim\" names \"{definition.Victim}\", which is not a service of this architecture");
        }
        if (definition.Victim.Length > 0 && definition.Victim == definition.Root.Name)
        {
            throw new ArchitectureException($"{source}: \"victim\" names \"{definition.Victim}\", the service that sends the traffic; the chaos monkey stops one that serves it");
        }
    }

    /// <summary>
    /// Refuses a loop of services that each pass requests on (a → b → a, or a service naming itself): a request
    /// would go round it until the run ends. Storage that names itself (a Cassandra ring, MySQL master/slave) does
    /// not pass requests on, so it may.
    /// </summary>
    private static void CheckCycles(ArchitectureDefinition definition, string source, Func<int, string> at)
    {
        var index = definition.Services.Select((s, i) => (s.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        var state = new byte[definition.Services.Count]; // 0 unseen, 1 on the path, 2 done
        // Depth first with a stack of its own: a chain of 60,000 services must not overflow the thread's.
        var path = new List<(int Service, int Next)>();
        for (var start = 0; start < state.Length; start++)
        {
            if (state[start] != 0 || !Packages.Forwards(definition.Services[start].Package)) continue;
            state[start] = 1;
            path.Add((start, 0));
            while (path.Count > 0)
            {
                var (i, next) = path[^1];
                var dependencies = definition.Services[i].Dependencies;
                if (next == dependencies.Count)
                {
                    state[i] = 2;
                    path.RemoveAt(path.Count - 1);
                    continue;
                }
                path[^1] = (i, next + 1);
                if (!index.TryGetValue(dependencies[next], out var k) || state[k] == 2 || !Packages.Forwards(definition.Services[k].Package)) continue;
                if (state[k] == 1)
                {
                    var loop = path.Select(p => p.Service).SkipWhile(p => p != k).Append(k).Select(p => definition.Services[p].Name);
                    throw new ArchitectureException($"{source}: {at(k)}: dependency cycle {string.Join(" → ", loop)}; a request would be passed round it forever");
                }
                state[k] = 1;
                path.Add((k, 0));
            }
        }
    }

    /// <summary>The optional "chaos" array: faults in --chaos's form, e.g. "gorilla:us-east-1.zoneA@10s".</summary>
    private static List<Fault> ReadChaos(JsonElement root, string source)
    {
        var faults = new List<Fault>();
        if (!root.TryGetProperty("chaos", out var chaos) || chaos.ValueKind == JsonValueKind.Null) return faults;
        if (chaos.ValueKind != JsonValueKind.Array) throw new ArchitectureException($"{source}: \"chaos\" must be an array of faults, e.g. [\"gorilla:us-east-1.zoneA@10s\"]");
        if (chaos.GetArrayLength() > Fault.MaxFaults) throw new ArchitectureException($"{source}: \"chaos\" lists {chaos.GetArrayLength()} faults; a run takes at most {Fault.MaxFaults}");
        var index = 0;
        foreach (var item in chaos.EnumerateArray())
        {
            var where = $"chaos[{index++}]";
            if (item.ValueKind != JsonValueKind.String) throw new ArchitectureException($"{source}: {where}: expected a string such as \"monkey:SERVICE@T\"");
            var text = item.GetString()!;
            if (!Fault.TryParse(text, out var fault, out var error)) throw new ArchitectureException($"{source}: {where} \"{text}\": {error}");
            faults.Add(fault);
        }
        return faults;
    }

    private static string? OptionalString(JsonElement e, string property, string source, string where)
    {
        if (!e.TryGetProperty(property, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return v.ValueKind == JsonValueKind.String ? v.GetString() : throw new ArchitectureException($"{source}: {Prefix(where)}\"{property}\" must be a string");
    }

    private static string RequiredString(JsonElement e, string property, string source, string where) =>
        OptionalString(e, property, source, where) is { Length: > 0 } s ? s : throw new ArchitectureException($"{source}: {Prefix(where)}\"{property}\" is missing");

    /// <summary>A whole number from 0 to <paramref name="max"/>; missing or null is 0, as Go's json leaves an int.</summary>
    private static int Integer(JsonElement e, string property, string source, string where, int max)
    {
        if (!e.TryGetProperty(property, out var v) || v.ValueKind == JsonValueKind.Null) return 0;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var n) || n < 0 || n > max)
        {
            throw new ArchitectureException($"{source}: {where}: \"{property}\" is {v.GetRawText()}; it must be a whole number from 0 to {max}");
        }
        return (int)n;
    }

    private static string Prefix(string where) => where.Length == 0 ? "" : where + ": ";
}
