using System.Globalization;
using JourneyFunctions.Benchmarks;

// Benchmark commands (not tests): run with Azurite up, e.g. via scripts/benchmark.sh.
//   journey [accounts=10000] [people=10] [batch=500] [count=1] [spread=1]   with count=1, the run's storage traffic through a counting proxy and its write floor;
//                                with spread=k, a database of k x accounts and the audience every k-th of them (sparse)
//   sync [people=120000] [owned=100000] [changes=0] [kill=0] [count=0]   the initial sync on the local host from the marketing table store;
//                                then, with changes, that many title changes through the incremental sync (time and lag);
//                                with kill=1, a SIGKILL of the local host half-way and a restart; with count=1, the storage
//                                requests of both phases through a counting proxy (per owned person, per change)
//   marketo [leads=120000]       the initial sync's reads through the Marketo REST client and a fake Marketo with Marketo's limits
//   marketo-bulk [leads=100000]  the initial sync's Marketo read by Bulk Lead Extract beside static-list paging of the same leads
//   delivery [accounts=10000] [people=10] [batch=500] [callsPer20s=100] [count=1]   sendEmail to smtp4dev and addToMarketoList to a fake Marketo on the local host
//   azurite                      Azurite alone: batched and single-entity write rates
//   sales-activities [activities=1000]   sales activities recorded over HTTP and delivered to both loggers
//   page [nodes=100]             the journey map page: bytes shipped and time to first render of an n-node journey
//   events [accounts=10000] [events=1000] [per second=20]   event-to-next-step latency and run-status GET time during a listening run
int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

return args.FirstOrDefault() switch
{
    "journey" => await JourneyBenchmark.RunAsync(Arg(1, 10_000), Arg(2, 10), Arg(3, 500), Arg(4, 1) == 1, Arg(5, 1)),
    "sync" => await SyncBenchmark.RunAsync(Arg(1, 120_000), Arg(2, 100_000), Arg(3, 0), Arg(4, 0) == 1, Arg(5, 0) == 1),
    "marketo" => await MarketoBenchmark.RunAsync(Arg(1, 120_000)),
    "marketo-bulk" => await MarketoBulkBenchmark.RunAsync(Arg(1, 100_000)),
    "delivery" => await DeliveryBenchmark.RunAsync(Arg(1, 10_000), Arg(2, 10), Arg(3, 500), Arg(4, 100), Arg(5, 1) == 1),
    "azurite" => await AzuriteBaseline.RunAsync(),
    "sales-activities" => await SalesActivityBenchmark.RunAsync(Arg(1, 1000)),
    "page" => await PageBenchmark.RunAsync(Arg(1, 100)),
    "events" => await EventBenchmark.RunAsync(Arg(1, 10_000), Arg(2, 1000), Arg(3, 20)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: benchmarks journey [accounts] [people] [batch size] [count 0/1] [spread] | sync [people] [owned] [changes] [kill 0/1] [count 0/1] | marketo [leads] | marketo-bulk [leads] | delivery [accounts] [people] [batch size] [calls per 20 s] [count 0/1] | azurite | sales-activities [activities] | page [nodes] | events [accounts] [events] [per second]");
    return 2;
}
