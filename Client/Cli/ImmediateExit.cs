using System.Runtime.InteropServices;

namespace Spigo.Client.Cli;

/// <summary>
/// Ends the process at once with an exit code. Environment.Exit runs the process-exit handlers first, and the hosts'
/// console lifetime blocks there until the main thread has finished, which is what is stuck when this is needed.
/// </summary>
internal static partial class ImmediateExit
{
    public static void Now(int code)
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) Exit(code);
        Environment.Exit(code);
    }

    [LibraryImport("libc", EntryPoint = "_exit")]
    private static partial void Exit(int status);
}
