using Spigo.Client.Fsm;
using Spigo.Gotocol;

namespace Spigo.Tests.Pirates;

public class FsmListenerTests
{
    private static GotocolMessage Goodbye(string name, long gold, int buddies) =>
        GotocolMessage.Create(Imposition.Goodbye, null, new GoodbyeReport(name, gold, buddies).ToString());

    [Fact]
    public async Task CountsDownAndNamesWhoIsMissing()
    {
        var listener = new FsmListener(["a.*.*.pirate.pirate.P1", "a.*.*.pirate.pirate.P2", "a.*.*.pirate.pirate.P3"]);
        await listener.Listen(Goodbye("a.*.*.pirate.pirate.P3", 10, 2));
        await listener.Listen(Goodbye("a.*.*.pirate.pirate.P1", 5, 1));
        await listener.Listen(Goodbye("a.*.*.pirate.pirate.P1", 5, 1)); // a repeat is not counted twice
        await listener.Listen(Goodbye("a.*.*.pirate.pirate.Stranger", 99, 1));

        Assert.False(listener.AllGone.IsCompleted);
        Assert.Equal(1, listener.Remaining);
        Assert.Equal(["a.*.*.pirate.pirate.P2"], listener.Missing(10));
        Assert.Equal(15, listener.Gold);
        Assert.Equal(3, listener.Buddies);
        Assert.Equal(2, listener.Unexpected);

        await listener.Listen(Goodbye("a.*.*.pirate.pirate.P2", 0, 0));
        Assert.True(listener.AllGone.IsCompletedSuccessfully);
        Assert.Empty(listener.Missing(10));
    }
}
