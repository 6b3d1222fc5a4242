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
        if (options.CpuProfile is { } profile)
        {
            if (profile.Any(char.IsControl)) throw new UsageException($"-cpuprofile {profile}: a file name with a control character is refused");
            CheckFile("-cpuprofile", Path.GetFullPath(profile));
        }
        if (Suffixes.Count == 0) return;
        if (options.OutputDirectory.Length == 0) throw new UsageException("-o: needs a directory name");
        if (options.OutputDirectory.Any(char.IsControl)) throw new UsageException($"-o {options.OutputDirectory}: a directory name with a control character is refused");
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
            if (Path.GetDirectoryName(full) != Path.TrimEndingDirectorySeparator(dir)) throw new UsageException($"-a {options.Arch}: output {full} would be outside -o {options.OutputDirectory}");
            if (Directory.Exists(full)) throw new UsageException($"-o {options.OutputDirectory}: {full} is a directory; cannot write {stem + suffix} there");
            if (FileKind.IsRegular(full) is false) throw new UsageException($"-o {options.OutputDirectory}: {full} is a device, a pipe or a socket; it is not replaced by an output file");
            AtomicFile.RemoveStale(full);
            CheckName($"-o {options.OutputDirectory}: cannot write {stem + suffix} there", full);
        }
    }

    /// <summary>Proves the file itself can be written (its name, with the temporary's longer one, fits), writing nothing.</summary>
    private static void CheckName(string what, string full)
    {
        try
        {
            AtomicFile.Write(full, _ => { }, keep: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{what}: {Reason(e)}");
        }
    }

    private static void CheckFile(string flag, string full)
    {
        if (Directory.Exists(full)) throw new UsageException($"{flag} {full}: is a directory");
        if (FileKind.IsRegular(full) is false) throw new UsageException($"{flag} {full}: is a device, a pipe or a socket; it is not replaced by an output file");
        CheckDirectory(flag + " " + full, Path.GetDirectoryName(full)!);
        CheckName($"{flag} {full}: cannot write it", full);
    }

    /// <summary>Creates the directory if need be and proves a file can be created in it.</summary>
    private static void CheckDirectory(string what, string dir)
    {
        for (var up = dir; up is not null; up = Path.GetDirectoryName(up))
        {
            if (File.Exists(up)) throw new UsageException($"{what}: {up} is a file, not a directory");
        }
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

    /// <summary>Why a file cannot be written, without the name of the probe or temporary file the message carries.</summary>
    public static string Reason(Exception e)
    {
        if (e is UnauthorizedAccessException) return "permission denied";
        if (e is DirectoryNotFoundException) return "a part of the path is missing or is not a directory";
        // .NET's messages quote the path (here a probe's or a temporary's name): the reason is the rest.
        return System.Text.RegularExpressions.Regex.Replace(e.Message, @"\s*:?\s*'[^']*'", "").TrimEnd('.', ' ', ':');
    }
}
