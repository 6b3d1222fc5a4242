using System.Globalization;

namespace Spigo.Client.Cli;

/// <summary>What happened, one timestamped line at a time on the error stream, like spigo's log.</summary>
public sealed class SpigoLog(TextWriter writer)
{
    public void Info(string message)
    {
        var line = DateTime.Now.ToString("HH:mm:ss.fff ", CultureInfo.InvariantCulture) + message;
        lock (writer) writer.WriteLine(line);
    }
}
