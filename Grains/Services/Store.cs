using Spigo.Architecture;
using Spigo.Gotocol;
using Spigo.Grains.Hosting;

namespace Spigo.Grains.Services;

/// <summary>A key-value store node (memcached, MySQL, EVcache, S3): Put keeps "key value", GetRequest reads it.</summary>
[GrainType(Packages.Store)]
public class Store(NanoserviceServices services) : ServiceGrain(services)
{
    private readonly Dictionary<string, string> _data = new(StringComparer.Ordinal);

    protected override void Handle(GotocolMessage message)
    {
        if (message.Imposition == Imposition.Put)
        {
            if (!Intention.TrySplitPair(message.Intention, out var key, out var value))
            {
                Fail(message);
                return;
            }
            _data[key] = value;
            Answer(message, message.Intention);
            return;
        }
        var wanted = KeyOf(message.Intention);
        Answer(message, _data.TryGetValue(wanted, out var found) ? Intention.Pair(wanted, found) : wanted);
    }
}
