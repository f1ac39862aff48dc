using System.Globalization;

namespace JourneyFunctions.Benchmarks;

/// <summary>
/// Prints the storage work a run made (from <see cref="StorageTrafficCounter"/>) and the floor it sets: the entity
/// writes divided by Azurite's raw batched-write rate of the same run, and the run's time as a multiple of it.
/// </summary>
internal static class StorageTrafficReport
{
    /// <param name="units">What the "per" line divides by: the run's accounts, or what <paramref name="unit"/> names.</param>
    public static void Print(StorageTraffic run, string taskHub, int units, TimeSpan elapsed, double rawWrites, string unit = "account")
    {
        long batched = run.Tables.Values.Sum(t => t.BatchedEntities);
        long transactions = run.Tables.Values.Sum(t => t.Transactions);
        long failedEntities = run.Tables.Values.Sum(t => t.FailedEntities);
        long failedTransactions = run.Tables.Values.Sum(t => t.FailedTransactions);
        long single = run.Tables.Values.Sum(t => t.SingleWrites + t.FailedSingleWrites);
        long received = run.Queues.Values.Sum(q => q.Received);
        long polls = run.Queues.Values.Sum(q => q.Polls + q.EmptyPolls);
        double floor = run.Writes / rawWrites;
        string PerAccount(long n) => (n / (double)units).ToString("F2", CultureInfo.InvariantCulture);

        Console.WriteLine($"table writes         {run.Writes:N0} entities: {batched:N0} in {transactions:N0} transactions, {failedEntities:N0} in {failedTransactions:N0} failed transactions, {single:N0} single requests");
        Console.WriteLine($"table reads          {run.PointReads:N0} point reads, {run.QueryPages:N0} query pages, {run.RowsRead:N0} rows returned");
        Console.WriteLine($"queue messages       {run.MessagesSent:N0} sent, {received:N0} received in {polls:N0} polls ({run.Queues.Values.Sum(q => q.EmptyPolls):N0} empty), {run.Queues.Values.Sum(q => q.Deleted):N0} deleted, {run.Queues.Values.Sum(q => q.Updated):N0} updated");
        Console.WriteLine($"blob requests        {run.BlobRequests:N0}");
        Console.WriteLine($"{"per " + unit,-20} writes {PerAccount(run.Writes)}, point reads {PerAccount(run.PointReads)}, query pages {PerAccount(run.QueryPages)}, rows read {PerAccount(run.RowsRead)}, messages {PerAccount(run.MessagesSent)}");
        Console.WriteLine($"write floor          {floor:F1} s ({run.Writes:N0} writes / {rawWrites:N0} raw entities/s); run = {elapsed.TotalSeconds / floor:F2}x floor");
        Console.WriteLine("by table             writes (in transactions, in how many / failed / single), point reads, query pages, rows read; ms per write request, per query page (Azurite's answer time, under the run's load); Azurite's answer seconds summed: writes, reads");
        foreach ((string name, TableTraffic t) in run.Tables.Where(t => t.Value.Writes + t.Value.Reads > 0).OrderByDescending(t => t.Value.Writes + t.Value.RowsRead))
        {
            Console.WriteLine($"  {name.Replace(taskHub, "{hub}", StringComparison.Ordinal),-28} {t.Writes,9:N0} ({t.BatchedEntities:N0} in {t.Transactions:N0} / {t.FailedEntities:N0} / {t.SingleWrites + t.FailedSingleWrites:N0}), {t.PointReads:N0}, {t.QueryPages:N0}, {t.RowsRead:N0}; {t.MsPerWriteRequest:F1}, {t.MsPerQueryPage:F1} ms; {Seconds(t.WriteTicks):F1}, {Seconds(t.PointReadTicks + t.QueryTicks):F1} s");
        }

        Console.WriteLine("by queue             sent, received, polls (empty), deleted, updated");
        foreach ((string name, QueueTraffic q) in run.Queues.OrderByDescending(q => q.Value.Polls + q.Value.EmptyPolls))
        {
            Console.WriteLine($"  {name.Replace(taskHub.ToLowerInvariant(), "{hub}", StringComparison.Ordinal),-28} {q.Sent:N0}, {q.Received:N0}, {q.Polls + q.EmptyPolls:N0} ({q.EmptyPolls:N0}), {q.Deleted:N0}, {q.Updated:N0}");
        }
    }
    /// <summary>Stopwatch ticks summed over requests, in seconds.</summary>
    private static double Seconds(long ticks) => ticks / (double)System.Diagnostics.Stopwatch.Frequency;

    /// <summary>
    /// A phase's storage requests per <paramref name="unit"/> (an owned person, a change), by table and by kind (entities
    /// written in transactions and alone, point reads, query pages and rows), with the seconds Azurite spent answering
    /// each kind summed over the requests: where the emulator's time went, Durable's own traffic included.
    /// </summary>
    public static void PrintPer(StorageTraffic phase, string taskHub, long units, string unit)
    {
        string Per(long n) => (n / (double)units).ToString("F3", CultureInfo.InvariantCulture);
        Console.WriteLine($"  per {unit,-14} writes {Per(phase.Writes)}, point reads {Per(phase.PointReads)}, query pages {Per(phase.QueryPages)}, rows read {Per(phase.RowsRead)}, messages sent {Per(phase.MessagesSent)}");
        Console.WriteLine($"  by table (per {unit}): entities in transactions / transactions / single writes, point reads, query pages, rows read; Azurite's answer seconds summed: writes, point reads, queries");
        foreach ((string name, TableTraffic t) in phase.Tables.Where(t => t.Value.Writes + t.Value.Reads > 0).OrderByDescending(t => t.Value.WriteTicks + t.Value.PointReadTicks + t.Value.QueryTicks))
        {
            Console.WriteLine(
                $"    {name.Replace(taskHub, "{hub}", StringComparison.Ordinal),-28} {Per(t.BatchedEntities + t.FailedEntities)} / {Per(t.Transactions + t.FailedTransactions)} / {Per(t.SingleWrites + t.FailedSingleWrites)}, "
                + $"{Per(t.PointReads)}, {Per(t.QueryPages)}, {Per(t.RowsRead)}; {Seconds(t.WriteTicks):F1} s, {Seconds(t.PointReadTicks):F1} s, {Seconds(t.QueryTicks):F1} s");
        }

        Console.WriteLine($"  by queue (per {unit}): sent, received, polls (empty), deleted, updated");
        foreach ((string name, QueueTraffic q) in phase.Queues.Where(q => q.Value.Sent + q.Value.Received + q.Value.Deleted > 0).OrderByDescending(q => q.Value.Sent + q.Value.Received))
        {
            Console.WriteLine($"    {name.Replace(taskHub.ToLowerInvariant(), "{hub}", StringComparison.Ordinal),-28} {Per(q.Sent)}, {Per(q.Received)}, {Per(q.Polls + q.EmptyPolls)} ({Per(q.EmptyPolls)}), {Per(q.Deleted)}, {Per(q.Updated)}");
        }
    }
}
