namespace Spigo.Silo;

/// <summary>
/// Reads this silo's own row of the membership table every few seconds. Orleans does not notice a table that was wiped
/// (a Redis restarted empty): the silo would go on serving, unknown to every new silo and client. When the row is gone
/// the silo says so in one line and exits at once with code 1, for its supervisor to start it afresh. A table whose own
/// row is there but that Orleans cannot read whole (a row edited into something else) makes the silo unready, names the
/// row in the log, and is watched until it reads again: the silo goes on serving with the members it knew.
/// </summary>
public sealed partial class MembershipWatch(IMembershipTable table, ILocalSiloDetails self,
    IClusterMembershipService membership, ILogger<MembershipWatch> logger, MembershipRows? rows = null)
    : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    /// <summary>Reads in a row that may fail (a Redis restarting) before the table counts as gone.</summary>
    private const int Patience = 3;

    private const string UnreadablePrefix = "membership table unreadable: ";

    /// <summary>Set once the row was found missing: readiness answers 503 and the process exits 1.</summary>
    public string? Lost { get; private set; }

    /// <summary>Why the table could not be read last time, while it cannot: readiness answers 503.</summary>
    public string? Unreadable { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period);
        var seen = false;
        var failures = 0;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            // Only a row that was there and went away counts: a silo still joining has none yet. A silo that became active
            // had one (it joined through the table), even if the table was wiped before this watch first read it.
            seen |= membership.CurrentSnapshot.GetSiloStatus(self.SiloAddress) == SiloStatus.Active;
            // Before the silo has joined, the table is Orleans' to set up (a read then fails for no reason of the table's).
            if (!seen) continue;
            bool present;
            var before = Unreadable;
            try
            {
                var row = await table.ReadRowAsync(self.SiloAddress, stoppingToken);
                present = row.Members.Any(m => m.Item1.SiloAddress.Equals(self.SiloAddress));
                failures = 0;
                Unreadable = present ? await WholeTableProblem(stoppingToken) : null;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // A wiped Redis table cannot even be read (its version row is gone); a restarting Redis cannot for a
                // while.
                // A table that is there but damaged (its version edited) is not gone: the silo waits, unready, until
                // it reads; a damage already named stays named while Redis cannot be asked.
                var (asked, damage) = await NamedProblem(stoppingToken);
                present = true;
                if (damage is not null || !asked && before is not null && IsDamage(before))
                {
                    Unreadable = damage ?? before;
                    failures = 0;
                }
                else
                {
                    Unreadable = $"{UnreadablePrefix}{e.Message}";
                    present = ++failures < Patience;
                }
            }
            if (Unreadable is { } now && now != before) TableUnreadable(logger, now);
            else if (Unreadable is null && before is not null) TableReadable(logger);
            if (!present)
            {
                Lost = $"this silo's entry ({self.SiloAddress}) is gone from the membership table" +
                    (Unreadable is { } why ? $" ({why}, {Patience} reads in a row)" : "") + ": was it wiped, e.g. Redis restarted empty?";
                RowVanished(logger, Lost);
                // A graceful stop would first write "shutting down" into the very table that is gone, and wait for it.
                await Console.Error.WriteLineAsync($"spigo-silo: {Lost}; exiting");
                await Console.Error.FlushAsync(stoppingToken);
                ExitNow(1);
                return;
            }
        }
    }

    /// <summary>Why Orleans cannot read the whole table, naming the row of a Redis table; null when it can.</summary>
    private async Task<string?> WholeTableProblem(CancellationToken cancellationToken)
    {
        try
        {
            await table.ReadAllAsync(cancellationToken);
            return null;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return (await NamedProblem(cancellationToken)).Damage ?? $"{UnreadablePrefix}{e.Message}";
        }
    }

    private static bool IsDamage(string problem) => !problem.StartsWith(UnreadablePrefix, StringComparison.Ordinal);

    /// <summary>A damaged row of a Redis table, in words (null when none); not asked when Redis cannot be.</summary>
    private async Task<(bool Asked, string? Damage)> NamedProblem(CancellationToken cancellationToken)
    {
        if (rows is null) return (false, null);
        try
        {
            return (true, await rows.FindBad(cancellationToken));
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, null); // Redis is away: the read that failed says so.
        }
    }

    /// <summary>Ends the process at once with <paramref name="code"/>, without the host's shutdown hooks.</summary>
    public static void ExitNow(int code)
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) Exit(code);
        Environment.Exit(code);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "_exit")]
    private static extern void Exit(int code);

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "{Reason}: stopping")]
    private static partial void RowVanished(ILogger logger, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "{Problem}: not ready until it reads")]
    private static partial void TableUnreadable(ILogger logger, string problem);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "membership table readable again: ready")]
    private static partial void TableReadable(ILogger logger);
}
