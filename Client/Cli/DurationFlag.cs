using System.CommandLine;

namespace Spigo.Client.Cli;

/// <summary>A duration flag and the value it has when not given.</summary>
internal sealed class DurationFlag(Option<TimeSpan> option, TimeSpan fallback)
{
    public Option<TimeSpan> Option { get; } = option;

    public TimeSpan Value(ParseResult result) => result.GetResult(Option) is { Implicit: false } ? result.GetValue(Option) : fallback;
}
