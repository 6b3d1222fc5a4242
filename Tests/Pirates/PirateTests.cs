using Spigo.Gotocol;
using Spigo.Tests.Cluster;

namespace Spigo.Tests.Pirates;

[Collection(ClusterCollection.Name)]
public class PirateTests(ClusterFixture fixture)
{
    private static string Name(string instance) => $"piratetest.*.*.pirate.pirate.{instance}-{Guid.NewGuid():N}";

    private IPirate Pirate(string name) => fixture.Client.GetNanoservice(name).AsReference<IPirate>();

    private static GotocolMessage Msg(Imposition imposition, IGotocolListener? replyTo, string intention) =>
        GotocolMessage.Create(imposition, replyTo, intention);

    [Fact]
    public async Task NameDroppedBuddyIsReachable()
    {
        var controller = new RecordingListener();
        var fsm = fixture.Client.CreateObjectReference<IGotocolListener>(controller);
        var (a, b) = (Name("Anne"), Name("Bonny"));
        await Pirate(b).Deliver([Msg(Imposition.Hello, fsm, b)]);
        // Anne knows only Bonny, so every chat tick gives Bonny gold.
        await Pirate(a).Deliver([
            Msg(Imposition.Hello, fsm, a),
            Msg(Imposition.NameDrop, null, b),
            Msg(Imposition.GoldCoin, fsm, "40"),
            Msg(Imposition.Chat, fsm, "50ms"),
        ]);

        var anne = await Pirate(a).Inspect();
        Assert.Equal([b], anne.Buddies);

        PirateState bonny = default!;
        await Eventually.Within(TimeSpan.FromSeconds(10), async () => (bonny = await Pirate(b).Inspect()).Gold > 0);

        Assert.True(bonny.Gold > 0, "Bonny never received gold from Anne");
        Assert.Equal(a, bonny.Benefactor);
        Assert.True(bonny.LastGift > 0);

        await Pirate(a).Goodbye(Msg(Imposition.Goodbye, fsm, "test"));
        await Pirate(b).Goodbye(Msg(Imposition.Goodbye, fsm, "test"));
        Assert.True(await controller.WaitFor(h => h.Count == 2, TimeSpan.FromSeconds(10)));
        var reports = controller.Heard.Select(m => GoodbyeReport.TryParse(m.Intention, out var r) ? r : default).ToArray();
        Assert.All(controller.Heard, m => Assert.Equal(Imposition.Goodbye, m.Imposition));
        Assert.Equal(40, reports.Sum(r => r.Gold));
        Assert.Contains(reports, r => r.Name == a && r.Buddies == 1);
        fixture.Client.DeleteObjectReference<IGotocolListener>(fsm);
    }

    [Fact]
    public async Task PirateThatWasNeverNamedRefusesGold()
    {
        var stranger = Pirate(Name("Stranger"));
        Assert.False(await stranger.GoldCoin(Msg(Imposition.GoldCoin, null, "5")));
        Assert.Equal(0, (await stranger.Inspect()).Gold);
    }

    [Fact]
    public async Task ForgetDropsABuddyAndDuplicatesAreIgnored()
    {
        var (a, b, c) = (Name("Anne"), Name("Bonny"), Name("Calico"));
        await Pirate(a).Deliver([
            Msg(Imposition.Hello, null, a),
            Msg(Imposition.NameDrop, null, b),
            Msg(Imposition.NameDrop, null, c),
            Msg(Imposition.NameDrop, null, b),
            Msg(Imposition.NameDrop, null, a),
            Msg(Imposition.Forget, null, b),
        ]);
        Assert.Equal([c], (await Pirate(a).Inspect()).Buddies);
    }

    [Fact]
    public async Task MessagesThroughTheGenericListenerReachTheSameHandlers()
    {
        var a = Name("Mary");
        var listener = fixture.Client.GetNanoservice(a);
        await listener.Deliver([Msg(Imposition.Hello, null, a)]);
        await ((IGotocolListener)listener).Listen(Msg(Imposition.GoldCoin, null, "9"));
        await Eventually.Within(TimeSpan.FromSeconds(5), async () => (await Pirate(a).Inspect()).Gold == 9);
        Assert.Equal(9, (await Pirate(a).Inspect()).Gold);
    }
}
