namespace Spigo.Silo;

/// <summary>
/// Reads this silo's own row of the membership table every few seconds. Orleans does not notice a table that was wiped
/// (a Redis restarted empty): the silo would go on serving, unknown to every new silo and client. When the row is gone
/// the silo says so in one line and stops with exit code 1, for its supervisor to start it afresh.
/// </summary>
public sealed partial class MembershipWatch(IMembershipTable table, ILocalSiloDetails self, IHostApplicationLifetime lifetime,
    ILogger<MembershipWatch> logger) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    /// <summary>Set once the row was found missing: readiness answers 503 and the process exits 1.</summary>
    public string? Lost { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period);
        var seen = false;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            bool present;
            try
            {
                var row = await table.ReadRowAsync(self.SiloAddress, stoppingToken);
                present = row.Members.Any(m => m.Item1.SiloAddress.Equals(self.SiloAddress));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The table cannot be read just now (Redis restarting): Orleans' own liveness handles an outage; try again.
                TableUnreadable(logger, e.Message);
                continue;
            }
            // Only a row that was there and went away counts: a silo still joining has none yet.
            if (present) seen = true;
            else if (seen)
            {
                Lost = $"this silo's entry ({self.SiloAddress}) vanished from the membership table (was it wiped, e.g. Redis restarted empty?)";
                RowVanished(logger, Lost);
                lifetime.StopApplication();
                return;
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "{Reason}: stopping")]
    private static partial void RowVanished(ILogger logger, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "membership table unreadable: {Error}")]
    private static partial void TableUnreadable(ILogger logger, string error);
}
