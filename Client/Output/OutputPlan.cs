using Spigo.Client.Cli;

namespace Spigo.Client.Output;

/// <summary>
/// The files a run will write (-j, -g, -c, -cpuprofile), checked before the run starts so that an unwritable
/// directory, a directory where a file should go or a name that leads outside -o is one line and exit 2, not a
/// failure after minutes of simulation.
/// </summary>
public sealed class OutputPlan(SpigoOptions options, string stem)
{
    /// <summary>The path of one output: the stem (a plain file name, never a path) and a suffix, inside -o.</summary>
    public string PathOf(string suffix) => Path.Combine(options.OutputDirectory, stem + suffix);

    public IReadOnlyList<string> Suffixes =>
    [
        .. options.GraphJson ? new[] { ".json" } : [],
        .. options.GraphMl ? new[] { ".graphml" } : [],
        .. options.Collect ? new[] { "_metrics.json", "_flow.json" } : [],
    ];

    /// <summary>Throws a <see cref="UsageException"/> for the first problem; removes temporaries killed runs left.</summary>
    public void Check()
    {
        if (options.CpuProfile is { } profile) CheckFile("-cpuprofile", Path.GetFullPath(profile));
        if (Suffixes.Count == 0) return;
        if (options.OutputDirectory.Length == 0) throw new UsageException("-o: needs a directory name");
        if (stem.Length == 0 || stem is "." or ".." || stem.IndexOfAny(['/', '\\']) >= 0 || Path.GetFileName(stem) != stem)
        {
            throw new UsageException($"-a {options.Arch}: \"{stem}\" cannot name an output file (it must be a plain name)");
        }
        var dir = Path.GetFullPath(options.OutputDirectory);
        if (File.Exists(dir)) throw new UsageException($"-o {options.OutputDirectory}: is a file, not a directory");
        CheckDirectory("-o " + options.OutputDirectory, dir);
        foreach (var suffix in Suffixes)
        {
            var full = Path.GetFullPath(PathOf(suffix));
            if (Path.GetDirectoryName(full) != dir.TrimEnd(Path.DirectorySeparatorChar)) throw new UsageException($"-a {options.Arch}: output {full} would be outside -o {options.OutputDirectory}");
            if (Directory.Exists(full)) throw new UsageException($"-o {options.OutputDirectory}: {full} is a directory; cannot write {stem + suffix} there");
            if (FileKind.IsRegular(full) is false) throw new UsageException($"-o {options.OutputDirectory}: {full} is a device, a pipe or a socket; it is not replaced by an output file");
            AtomicFile.RemoveStale(full);
        }
    }

    private static void CheckFile(string flag, string full)
    {
        if (Directory.Exists(full)) throw new UsageException($"{flag} {full}: is a directory");
        if (FileKind.IsRegular(full) is false) throw new UsageException($"{flag} {full}: is a device, a pipe or a socket; it is not replaced by an output file");
        CheckDirectory(flag + " " + full, Path.GetDirectoryName(full)!);
    }

    /// <summary>Creates the directory if need be and proves a file can be created in it.</summary>
    private static void CheckDirectory(string what, string dir)
    {
        try
        {
            Directory.CreateDirectory(dir);
            AtomicFile.Write(Path.Combine(dir, ".spigo-write-check"), _ => { }, keep: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{what}: cannot write there: {Reason(e)}");
        }
    }

    /// <summary>Why a directory cannot be written, without the name of the probe file the message carries.</summary>
    private static string Reason(Exception e)
    {
        if (e is UnauthorizedAccessException) return "permission denied";
        if (e is DirectoryNotFoundException) return "a part of the path is missing or is not a directory";
        var message = e.Message;
        var cut = message.IndexOf(" : '", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" '", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ', ':');
    }
}
