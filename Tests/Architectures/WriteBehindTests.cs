using Spigo.Gotocol;
using Spigo.Tests.Cluster;

namespace Spigo.Tests.Architectures;

/// <summary>
/// A request nobody waits for (<see cref="GotocolMessage.NoAnswer"/>: staash's copy of a Put to the tiers it does not
/// read) is served and not answered: an answer would only be dropped by whoever sent it.
/// </summary>
[Collection(ClusterCollection.Name)]
public class WriteBehindTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static GotocolMessage Request(Imposition imposition, IGotocolListener me, string intention, ulong span, bool noAnswer = false) =>
        new(imposition, me, DateTime.UtcNow, intention, new TraceContext(span, 0, span), NoAnswer: noAnswer);

    [Fact]
    public async Task APutThatWantsNoAnswerIsStoredAndNotAcknowledged()
    {
        var recorder = new RecordingListener();
        var me = fixture.Client.CreateObjectReference<IGotocolListener>(recorder);
        const string name = "writebehind1.us-east-1.zoneA.disk.store.disk0";
        var store = fixture.Client.GetNanoservice(name);
        await store.Deliver([GotocolMessage.Create(Imposition.Hello, me, name)]);

        await store.Put(Request(Imposition.Put, me, "k1 v1", span: 11, noAnswer: true));
        await store.Put(Request(Imposition.Put, me, "k2 v2", span: 12));
        Assert.True(await recorder.WaitFor(h => h.Any(m => m.Trace.Span == 12), Patience), "no answer to the Put that wants one");

        // One-way messages may overtake each other: read k1 until it is there (each read a span of its own).
        ulong read = 20;
        var found = await Eventually.Within(Patience, async () =>
        {
            var span = ++read;
            await store.GetRequest(Request(Imposition.GetRequest, me, "k1", span));
            Assert.True(await recorder.WaitFor(h => h.Any(m => m.Trace.Span == span), Patience), "no answer to a Get");
            return recorder.Heard.Single(m => m.Trace.Span == span).Intention == "k1 v1";
        });
        Assert.True(found, "the Put that wants no answer was not stored");
        // The store serves its messages one at a time: an answer to that Put would have left before the Get's.
        var heard = recorder.Heard.ToArray();
        Assert.Equal("k2 v2", heard.Single(m => m.Trace.Span == 12).Intention);
        Assert.DoesNotContain(heard, m => m.Trace.Span == 11);

        await store.Goodbye(GotocolMessage.Create(Imposition.Goodbye, me, "normal"));
        fixture.Client.DeleteObjectReference<IGotocolListener>(me);
    }

    [Fact]
    public async Task StaashSendsItsWriteBehindCopiesAsWantingNoAnswer()
    {
        var recorder = new RecordingListener();
        var me = fixture.Client.CreateObjectReference<IGotocolListener>(recorder);
        // The tier staash does not read is a recorder here, so what staash sends it can be seen.
        var disk = new RecordingListener();
        var diskReference = fixture.Client.CreateObjectReference<IGotocolListener>(disk);
        const string staashName = "writebehind2.us-east-1.zoneA.data.staash.data0";
        const string cacheName = "writebehind2.us-east-1.zoneA.mem.cache.mem0";
        const string diskName = "writebehind2.us-east-1.zoneA.disk.store.disk0";
        await fixture.Client.GetNanoservice(cacheName).Deliver([GotocolMessage.Create(Imposition.Hello, me, cacheName)]);
        var staash = fixture.Client.GetNanoservice(staashName);
        await staash.Deliver([
            GotocolMessage.Create(Imposition.Hello, me, staashName),
            GotocolMessage.Create(Imposition.NameDrop, null, "mem"),
            GotocolMessage.Create(Imposition.NameDrop, null, "disk"),
            GotocolMessage.Create(Imposition.NameDrop, fixture.Client.GetNanoservice(cacheName), cacheName),
            GotocolMessage.Create(Imposition.NameDrop, diskReference, diskName),
        ]);

        const int puts = 20;
        for (var i = 0; i < puts; i++) await staash.Put(Request(Imposition.Put, me, $"key{i} value{i}", span: (ulong)(100 + i)));

        Assert.True(await recorder.WaitFor(h => h.Count(m => m.Trace.Span is >= 100 and < 100 + puts) == puts, Patience),
            "not every Put was acknowledged");
        Assert.True(await disk.WaitFor(h => h.Count == puts, Patience), $"the write-behind tier got {disk.Heard.Count} of {puts} Puts");
        // Each Put answered once, by the read tier through staash; each copy to the other tier says it wants no answer.
        Assert.All(recorder.Heard.Where(m => m.Trace.Span is >= 100 and < 100 + puts), a => Assert.Equal(Outcome.Answered, a.Outcome));
        Assert.Equal(puts, recorder.Heard.Count(m => m.Trace.Span is >= 100 and < 100 + puts));
        Assert.All(disk.Heard, copy =>
        {
            Assert.Equal(Imposition.Put, copy.Imposition);
            Assert.True(copy.NoAnswer, $"the copy {copy.Intention} asks for an answer");
            Assert.Equal(staashName, copy.ReplyTo?.GetGrainId().Key.ToString());
        });
        Assert.Equal(Enumerable.Range(0, puts).Select(i => $"key{i} value{i}").Order(), disk.Heard.Select(m => m.Intention).Order());

        foreach (var node in new[] { staashName, cacheName })
        {
            await fixture.Client.GetNanoservice(node).Goodbye(GotocolMessage.Create(Imposition.Goodbye, me, "normal"));
        }
        fixture.Client.DeleteObjectReference<IGotocolListener>(diskReference);
        fixture.Client.DeleteObjectReference<IGotocolListener>(me);
    }
}
