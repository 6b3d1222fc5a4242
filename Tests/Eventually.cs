namespace Spigo.Tests;

/// <summary>Waits on a condition with a deadline instead of sleeping a fixed time: every polling wait of the tests.</summary>
internal static class Eventually
{
    /// <summary>How often a condition is asked again: it decides nothing but how soon a wait notices.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    /// <summary>Waits until <paramref name="problem"/> answers null; when it never does, fails with what the last check saw.</summary>
    public static async Task Holds(Func<Task<string?>> problem, int seconds = 15)
    {
        string? last = null;
        if (!await Within(TimeSpan.FromSeconds(seconds), async () => (last = await problem()) is null)) Assert.Fail(last);
    }

    /// <summary>Whether <paramref name="condition"/> held before <paramref name="limit"/> passed (asked once more at the end).</summary>
    public static async Task<bool> Within(TimeSpan limit, Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return true;
            await Task.Delay(Poll);
        }
        return await condition();
    }

    /// <summary>The same for a condition that needs no waiting to ask.</summary>
    public static Task<bool> Within(TimeSpan limit, Func<bool> condition) => Within(limit, () => Task.FromResult(condition()));
}
