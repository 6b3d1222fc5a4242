using System.CommandLine;
using System.CommandLine.Parsing;
using Spigo.CommandLine;

namespace Spigo.Client.Cli;

/// <summary>Options whose values are range-checked while parsing, so a bad one is a parse error naming flag and value.</summary>
internal static class Flag
{
    /// <summary>A whole number; without <paramref name="fallback"/> it has no default of its own (the caller picks one).</summary>
    public static Option<int> Number(string name, string? alias, string description, int? fallback, long min, long max, string helpName)
    {
        var option = alias is null ? new Option<int>(name) : new Option<int>(name, alias);
        option.Description = description;
        option.HelpName = helpName;
        if (fallback is { } value) option.DefaultValueFactory = _ => value;
        option.CustomParser = result =>
        {
            var error = FlagValue.Number($"{Given(result, name)} {Text(result)}", Text(result), min, max, out var value);
            if (error is not null) result.AddError(error);
            return value;
        };
        return option;
    }

    /// <summary>
    /// A Go duration. Its default is shown as the user would type it ("1s"): the parser's help would print a TimeSpan's
    /// own form ("00:00:01"), so the option itself has none and <see cref="DurationFlag.Value"/> supplies it.
    /// </summary>
    public static DurationFlag Duration(string name, string? alias, string description, string fallback, TimeSpan min, TimeSpan max)
    {
        var option = alias is null ? new Option<TimeSpan>(name) : new Option<TimeSpan>(name, alias);
        option.Description = $"{description} [default: {fallback}]";
        option.HelpName = "duration";
        option.CustomParser = result =>
        {
            var error = FlagValue.Duration(Given(result, name), Text(result), min, max, out var value);
            if (error is not null) result.AddError(error);
            return value;
        };
        return new DurationFlag(option, FlagValue.Duration(name, fallback, min, max, out var value) is null ? value : throw new InvalidOperationException(fallback));
    }

    /// <summary>The flag as the user typed it (-p or --population).</summary>
    private static string Given(ArgumentResult result, string name) => result.Parent is OptionResult o ? o.IdentifierToken?.Value ?? name : name;

    private static string Text(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
}
