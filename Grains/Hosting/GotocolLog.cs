using Spigo.Gotocol;

namespace Spigo.Grains.Hosting;

/// <summary>The -m message log: one line per delivered message, written only when asked for.</summary>
public sealed class GotocolLog(Archaius archaius, TextWriter? writer = null)
{
    private readonly TextWriter _writer = writer ?? Console.Out;

    public bool Enabled => archaius.MessageLog;

    public void Delivered(string name, GotocolMessage message)
    {
        if (!archaius.MessageLog) return;
        var line = $"{name}: gotocol: {GoDuration.Format(message.Latency)} {message.Imposition} {message.Intention}";
        lock (_writer) _writer.WriteLine(line);
    }
}
