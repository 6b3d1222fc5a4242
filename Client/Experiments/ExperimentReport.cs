using Spigo.Client.Cli;
using Spigo.Client.Output;

namespace Spigo.Client.Experiments;

/// <summary>Where an experiment's report goes — FILE.report.html and FILE.report.json, and --junit's file — checked before anything runs.</summary>
public sealed class ExperimentReport(Experiment experiment, ExperimentArguments arguments)
{
    /// <summary>The experiment file's name without its extension: the report's name.</summary>
    public string Stem { get; } = Path.GetFileNameWithoutExtension(arguments.File);

    public string HtmlPath => Path.Combine(arguments.OutputDirectory, Stem + ".report.html");
    public string JsonPath => Path.Combine(arguments.OutputDirectory, Stem + ".report.json");

    /// <summary>The command that reproduces the report.</summary>
    public string Command => "spigo experiment " + string.Join(' ', new[] { arguments.File }.Concat(arguments.Seed is { } s ? ["--seed", $"{s}"] : [])
        .Concat(arguments.Repeat is { } r ? ["--repeat", $"{r}"] : []).Concat(arguments.Overrides).Select(Quoted));

    /// <summary>Each file could be written: a full disk or a missing directory is found before an hour of runs, not after.</summary>
    public void Check()
    {
        if (arguments.OutputDirectory.Length == 0 || arguments.OutputDirectory.Any(char.IsControl)) throw new UsageException($"-o {arguments.OutputDirectory}: not a directory name");
        if (File.Exists(arguments.OutputDirectory)) throw new UsageException($"-o {arguments.OutputDirectory}: is a file, not a directory");
        foreach (var (flag, path) in Paths)
        {
            if (Directory.Exists(path)) throw new UsageException($"{flag} {path}: is a directory");
            try
            {
                AtomicFile.Write(path, _ => { }, keep: false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"{flag} {path}: cannot be written: {e.Message}");
            }
        }
    }

    private IEnumerable<(string Flag, string Path)> Paths => [("-o", HtmlPath), ("-o", JsonPath), .. arguments.JUnit is { } j ? new[] { ("--junit", j) } : []];

    /// <summary>Writes every file of the report, all or none; returns their paths.</summary>
    public IReadOnlyList<string> Write(Verdict verdict, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        var files = new List<(string, Action<Stream>)>
        {
            (HtmlPath, s => HtmlReport.Write(s, experiment, verdict, Command)),
            (JsonPath, s => ReportJsonWriter.Write(s, experiment, verdict, Command, elapsed)),
        };
        if (arguments.JUnit is { } junit) files.Add((junit, s => JUnitWriter.Write(s, Stem, experiment, verdict, elapsed)));
        AtomicFile.WriteAll(files, cancellationToken: cancellationToken);
        return [.. files.Select(f => f.Item1)];
    }

    private static string Quoted(string word) => word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=@+,%".Contains(c)) ? word : $"'{word.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
