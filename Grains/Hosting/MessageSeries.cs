using System.Diagnostics;
using Spigo.Gotocol;

namespace Spigo.Grains.Hosting;

/// <summary>
/// The delivered-message counts of one (architecture, service, package), by imposition. Grains add to it with one
/// interlocked increment; the messages counter reads it when it is collected, so a scrape is exact without a
/// per-message trip through the metrics SDK.
/// </summary>
public sealed class MessageSeries(string arch, string service, string package)
{
    private static readonly string[] ImpositionNames = Enum.GetNames<Imposition>();
    private readonly long[] _counts = new long[ImpositionNames.Length];

    public string Arch { get; } = arch;
    public string Service { get; } = service;
    public string Package { get; } = package;

    public void Count(Imposition imposition) => Interlocked.Increment(ref _counts[(int)imposition]);

    public long CountOf(Imposition imposition) => Interlocked.Read(ref _counts[(int)imposition]);

    internal IEnumerable<System.Diagnostics.Metrics.Measurement<long>> Measurements()
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            var n = Interlocked.Read(ref _counts[i]);
            if (n == 0) continue;
            yield return new(n, new TagList
            {
                { "architecture", Arch }, { "service", Service }, { "package", Package }, { "imposition", ImpositionNames[i] },
            });
        }
    }
}
