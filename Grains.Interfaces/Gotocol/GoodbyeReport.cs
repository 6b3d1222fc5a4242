using System.Globalization;

namespace Spigo.Gotocol;

/// <summary>
/// The intention of the Goodbye a pirate sends back to its controller: <c>name gold=N buddies=M</c>.
/// The FSM adds these up to check that gold was conserved and to know how many edges Edda should hold.
/// </summary>
public readonly record struct GoodbyeReport(string Name, long Gold, int Buddies)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Name} gold={Gold} buddies={Buddies}");

    /// <summary>The exit reason of a nanoservice whose state went with a lost silo.</summary>
    public const string LostExit = ExitReason.Lost;

    /// <summary>
    /// What a nanoservice answers to Goodbye when it was never introduced: its silo was lost and Orleans activated it
    /// afresh elsewhere, without its state. <c>name lost</c>.
    /// </summary>
    public static string Lost(string name) => name + " " + LostExit;

    /// <summary>Whether a Goodbye intention is a <see cref="Lost"/> answer, and whose.</summary>
    public static bool TryParseLost(string intention, out string name)
    {
        name = intention.EndsWith(" " + LostExit, StringComparison.Ordinal) ? intention[..^(LostExit.Length + 1)] : "";
        return name.Length > 0 && !name.Contains(' ');
    }

    public static bool TryParse(string intention, out GoodbyeReport report)
    {
        report = default;
        var parts = intention.Split(' ');
        if (parts.Length != 3
            || !parts[1].StartsWith("gold=", StringComparison.Ordinal)
            || !parts[2].StartsWith("buddies=", StringComparison.Ordinal)
            || !long.TryParse(parts[1].AsSpan(5), NumberStyles.Integer, CultureInfo.InvariantCulture, out var gold)
            || !int.TryParse(parts[2].AsSpan(8), NumberStyles.Integer, CultureInfo.InvariantCulture, out var buddies))
        {
            return false;
        }
        report = new GoodbyeReport(parts[0], gold, buddies);
        return true;
    }
}
