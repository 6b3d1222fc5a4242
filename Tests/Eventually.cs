namespace Spigo.Tests;

/// <summary>Waits on a condition with a deadline instead of sleeping a fixed time.</summary>
internal static class Eventually
{
    /// <summary>Waits until <paramref name="problem"/> answers null; when it never does, fails with what the last check saw.</summary>
    public static async Task Holds(Func<Task<string?>> problem, int seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        string? last;
        do
        {
            last = await problem();
            if (last is null) return;
            await Task.Delay(100); // poll interval of a wait on a condition with a deadline: it decides nothing
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail(last);
    }
}
