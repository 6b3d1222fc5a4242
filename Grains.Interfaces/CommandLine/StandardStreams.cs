namespace Spigo.CommandLine;

/// <summary>
/// Standard output and error as a command finds them at start. A closed one (<c>&gt;&amp;-</c>, <c>2&gt;&amp;-</c>) cannot
/// even be written by .NET, so without this check the run would fail at its first line, or abort before it: instead
/// the command says which is closed on the other and stops before doing anything.
/// </summary>
public static class StandardStreams
{
    /// <summary>The exit code of a command that could not start, as for bad flags.</summary>
    public const int ExitCode = 2;

    /// <summary>
    /// True when both can be written, and standard error then loses what it cannot write (see <see cref="LossyWriter"/>);
    /// else says which is closed (where it can) and returns false.
    /// </summary>
    public static bool Prepare(string command)
    {
        var error = IsOpen(2);
        var output = IsOpen(1);
        if (error && output)
        {
            Console.SetError(new LossyWriter(Console.Error));
            return true;
        }
        var line = $"{command}: standard {(error ? "output" : "error")} is closed; send it to /dev/null to discard it";
        if (error) Console.Error.WriteLine(line);
        else if (output) Console.Out.WriteLine(line);
        return false;
    }

    /// <summary>
    /// Whether a file descriptor is open for writing, from /proc (elsewhere it is taken to be). A closed standard
    /// stream's number is often taken at once by a file the runtime opens to read, so being open is not enough.
    /// </summary>
    private static bool IsOpen(int descriptor)
    {
        if (!Directory.Exists("/proc/self/fdinfo")) return true;
        try
        {
            foreach (var line in File.ReadLines($"/proc/self/fdinfo/{descriptor}"))
            {
                // "flags:\t0100002": octal open flags; the low two bits are the access mode, O_RDONLY being 0.
                if (line.StartsWith("flags:", StringComparison.Ordinal)) return (Convert.ToInt32(line[6..].Trim(), 8) & 3) != 0;
            }
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
