using System.Text;

namespace Spigo.CommandLine;

/// <summary>
/// Standard error that can no longer be written (a full disk, a reader that went away) loses its lines instead of
/// failing the run: the log is for people; a run's outcome is its exit code and its summary on standard output.
/// </summary>
public sealed class LossyWriter(TextWriter inner) : TextWriter
{
    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value) => Try(w => w.Write(value));

    public override void Write(string? value) => Try(w => w.Write(value));

    public override void Write(char[] buffer, int index, int count) => Try(w => w.Write(buffer, index, count));

    public override void WriteLine(string? value) => Try(w => w.WriteLine(value));

    public override void Flush() => Try(w => w.Flush());

    private void Try(Action<TextWriter> write)
    {
        try
        {
            write(inner);
        }
        catch (IOException)
        {
            // Lost, as said above.
        }
    }
}
