namespace Spigo.Client.Cli;

/// <summary>Bad flags or bad input files: reported as one line, exit code 2, nothing written.</summary>
public sealed class UsageException(string message) : Exception(message)
{
    public const int ExitCode = 2;
}
