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

    /// <summary>Temporaries being written by this process, for <see cref="RemoveInProgress"/> on a forced exit.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> InProgress = new(StringComparer.Ordinal);

    public static void Write(string path, Action<Stream> write) => WriteAll([(path, write)]);

    /// <summary>With <paramref name="keep"/> false, only proves the file could be written: the temporary is removed.</summary>
    public static void Write(string path, Action<Stream> write, bool keep) => WriteAll([(path, write)], keep);

    /// <summary>
    /// Writes every file or none. <paramref name="cancellationToken"/> (an interruption) stops the writing within one
    /// buffer and removes the temporaries; the renames are not interrupted.
    /// </summary>
    public static void WriteAll(IReadOnlyList<(string Path, Action<Stream> Write)> files, bool keep = true, CancellationToken cancellationToken = default)
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
                InProgress[temp] = 0;
                using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
                write(new CancellableStream(stream, cancellationToken));
                stream.Flush(flushToDisk: true);
            }
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var (temp, full) in temps)
            {
                if (keep) File.Move(temp, full, overwrite: true);
                else File.Delete(temp);
            }
        }
        catch (IOException e) when (temps.Count > 0 && e is not PathTooLongException)
        {
            foreach (var (temp, _) in temps) TryDelete(temp);
            // The message names the temporary: say which output it was, and why.
            throw new IOException($"cannot write {temps[^1].Full}: {OutputPlan.Reason(e)}", e);
        }
        catch
        {
            foreach (var (temp, _) in temps) TryDelete(temp);
            throw;
        }
        finally
        {
            foreach (var (temp, _) in temps) InProgress.TryRemove(temp, out _);
        }
    }

    /// <summary>Removes the temporaries being written, for a process about to exit at once (a second Ctrl-C).</summary>
    public static void RemoveInProgress()
    {
        foreach (var temp in InProgress.Keys) TryDelete(temp);
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
