using System.Diagnostics;

namespace Spigo.Client.Cli;

/// <summary>
/// A single self-overwriting status line for runs longer than a moment; silent when the error stream is not a
/// terminal, so logs and CI output stay clean.
/// </summary>
public sealed class ProgressLine(TextWriter writer, bool enabled)
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(250);
    private readonly Stopwatch _since = Stopwatch.StartNew();
    private int _width;

    public void Report(string status, bool force = false)
    {
        if (!enabled || (!force && _since.Elapsed < Every)) return;
        _since.Restart();
        lock (writer)
        {
            writer.Write("\r" + status.PadRight(_width));
            writer.Flush();
        }
        _width = status.Length;
    }

    public void Clear()
    {
        if (!enabled || _width == 0) return;
        lock (writer)
        {
            writer.Write("\r" + new string(' ', _width) + "\r");
            writer.Flush();
        }
        _width = 0;
    }
}
