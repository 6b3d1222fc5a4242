using System.Diagnostics;
using System.Security.Cryptography;

namespace Spigo.Client.Output;

/// <summary>
/// Writes files through temporaries beside them and renames, so a reader never sees half a file and a set of files
/// (-j with -g with -c) appears whole or not at all. Temporaries are created exclusively under unpredictable names
/// (a planted file or symlink there is never followed), flushed to disk before the rename, and removed on failure.
/// </summary>
public static class AtomicFile
{
    private const string TempSuffix = ".spigo-tmp";

    public static void Write(string path, Action<Stream> write) => WriteAll([(path, write)]);

    /// <summary>With <paramref name="keep"/> false, only proves the file could be written: the temporary is removed.</summary>
    public static void Write(string path, Action<Stream> write, bool keep) => WriteAll([(path, write)], keep);

    public static void WriteAll(IReadOnlyList<(string Path, Action<Stream> Write)> files, bool keep = true)
    {
        var temps = new List<(string Temp, string Full)>(files.Count);
        try
        {
            foreach (var (path, write) in files)
            {
                var full = Path.GetFullPath(path);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                var temp = TempName(full);
                temps.Add((temp, full));
                using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            foreach (var (temp, full) in temps)
            {
                if (keep) File.Move(temp, full, overwrite: true);
                else File.Delete(temp);
            }
        }
        catch
        {
            foreach (var (temp, _) in temps) TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// Removes temporaries that a killed run left beside <paramref name="path"/> (their process is gone), so they do
    /// not accumulate; a live run's temporaries are left alone.
    /// </summary>
    public static void RemoveStale(string path)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir)) return;
        foreach (var temp in Directory.EnumerateFiles(dir, $".{Path.GetFileName(full)}.*{TempSuffix}"))
        {
            var parts = Path.GetFileName(temp).Split('.');
            if (parts.Length >= 4 && int.TryParse(parts[^3], out var pid) && !Alive(pid)) TryDelete(temp);
        }
    }

    /// <summary>An unpredictable temporary name beside <paramref name="full"/>, for a file created with <see cref="FileMode.CreateNew"/>.</summary>
    internal static string TempName(string full) =>
        Path.Combine(Path.GetDirectoryName(full)!,
            $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}{TempSuffix}");

    private static bool Alive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
