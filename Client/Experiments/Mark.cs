namespace Spigo.Client.Experiments;

/// <summary>Where something was written in an experiment file: line and column, from 1.</summary>
public readonly record struct Mark(int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}
