using Spigo.Client.Cli;
using Spigo.CommandLine;

namespace Spigo.Client.Import;

/// <summary>
/// <c>spigo import</c>: read the files, build the architecture, check it as a run would read it, write it (all or
/// nothing), and report on stderr what was inferred, from what, and what was not.
/// </summary>
public static class ImportApp
{
    /// <summary>Files a directory may give one import.</summary>
    public const int MaxFiles = 10_000;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var command = new ImportCommand();
        var parse = command.Command.Parse(args);
        if (parse.Action is System.CommandLine.Help.HelpAction)
        {
            return await parse.InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = stdout, Error = stderr }, cancellationToken);
        }
        if (parse.Errors.Count > 0)
        {
            stderr.WriteLine($"spigo import: {OneLine.Of(parse.Errors[0].Message)} See 'spigo import --help'.");
            return UsageException.ExitCode;
        }
        try
        {
            var arguments = command.Bind(parse);
            var files = Files(arguments);
            var (architecture, workloads) = Build(arguments, files);
            var bytes = ArchitectureFileWriter.Write(architecture);
            // What a run will read: a file the importer writes is one spigo runs.
            Architectures.ArchitectureReader.Parse(bytes, arguments.Out ?? "the imported architecture");
            Report(architecture, workloads, stderr);
            if (arguments.Out is { } path)
            {
                Output.AtomicFile.Write(path, s => s.Write(bytes));
                stderr.WriteLine($"spigo import: wrote {path}: {architecture.Services.Count} services; run it with spigo -a {path}");
            }
            else
            {
                await stdout.WriteAsync(System.Text.Encoding.UTF8.GetString(bytes));
            }
            return SpigoApp.Ok;
        }
        catch (Exception e) when (e is UsageException or Architectures.ArchitectureException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"spigo import: {OneLine.Of(e.Message)}");
            return e is IOException or UnauthorizedAccessException ? SpigoApp.RuntimeFailure : UsageException.ExitCode;
        }
    }

    /// <summary>The architecture the files describe, and how many workloads they held.</summary>
    private static (ImportedArchitecture Architecture, int Workloads) Build(
        ImportArguments arguments, List<string> files)
    {
        var name = arguments.Name ?? (arguments.Out is { } o ? Path.GetFileNameWithoutExtension(o) : "imported");
        var source = string.Join(", ", arguments.Files);
        if (arguments.Format == "traces")
        {
            var traced = TraceImport.Build(files, name, Depends(arguments.Depends), arguments.Entries, source);
            if (arguments.Report is { } report)
            {
                Output.AtomicFile.Write(report,
                    s => TraceReportWriter.Write(s, traced.Graph, traced.Files, traced.Architecture));
            }
            return (traced.Architecture, traced.Graph.Services.Count);
        }
        var read = arguments.Format switch
        {
            "k8s" or "kubernetes" => KubernetesReader.Read(files),
            "compose" => ComposeReader.Read(files),
            var other => throw new UsageException($"import {other}: expected traces, k8s or compose"),
        };
        var built = ArchitectureImport.Build(read, name, Depends(arguments.Depends), arguments.Entries, source);
        return (built, read.Workloads.Count);
    }

    /// <summary>The files given, with each directory's YAML and JSON files in name order.</summary>
    private static List<string> Files(ImportArguments arguments)
    {
        var files = new List<string>();
        foreach (var given in arguments.Files)
        {
            if (Directory.Exists(given))
            {
                files.AddRange(Directory.EnumerateFiles(given, "*", SearchOption.AllDirectories)
                    .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
                        || f.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
                    .Take(MaxFiles + 1).Order(StringComparer.Ordinal));
            }
            else
            {
                files.Add(given);
            }
            if (files.Count > MaxFiles) throw new UsageException($"{given}: more than {MaxFiles} files");
        }
        return files.Count > 0 ? files : throw new UsageException($"{string.Join(", ", arguments.Files)}: no .yaml, .yml or .json file");
    }

    private static List<(string, IReadOnlyList<string>)> Depends(IReadOnlyList<string> texts) =>
        [.. texts.Select(t => t.Split('=') is [var service, var deps] && service.Length > 0 && deps.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: > 0 } list
            ? (service, (IReadOnlyList<string>)list) : throw new UsageException($"--depends {t}: expected SERVICE=DEPENDENCY,DEPENDENCY"))];

    private static void Report(ImportedArchitecture architecture, int workloads, TextWriter stderr)
    {
        stderr.WriteLine($"spigo import: {workloads} workloads → {architecture.Services.Count} services of {architecture.Arch}{(architecture.Load is { } load ? $", load {load}" : "")}:");
        foreach (var s in architecture.Services)
        {
            var deps = s.Dependencies.Count == 0 ? "" : " → " + string.Join(", ", s.Dependencies.Select(d => s.Because.TryGetValue(d, out var why) ? $"{d} ({why})" : d));
            stderr.WriteLine($"  {s.Name} {s.Package} ×{s.Count}{(s.Image.Length > 0 ? $" [{s.Image}]" : "")}{(s.Latency is { } l ? $" latency {l}" : "")}{deps}");
            foreach (var note in s.Notes ?? []) stderr.WriteLine($"    {note}");
        }
        foreach (var u in architecture.Unresolved) stderr.WriteLine($"  not resolved: {u}");
        foreach (var n in architecture.Notes) stderr.WriteLine($"  note: {n}");
    }
}
