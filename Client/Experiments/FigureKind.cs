namespace Spigo.Client.Experiments;

/// <summary>How a figure is read and written: a share (0–1, shown as %), a rate per second, or a time in seconds.</summary>
public enum FigureKind
{
    Share,
    Rate,
    Latency,
}
