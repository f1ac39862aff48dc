using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace JourneyFunctions.Benchmarks;

/// <summary>
/// A counting reverse proxy between the local host and Azurite's blob, queue and table ports: every request is
/// forwarded byte for byte and counted (table entities written, alone or in <c>$batch</c> changesets; point reads,
/// query pages and rows returned; queue messages sent, received and deleted; blob requests), so a benchmark can
/// print the storage work a run made, Durable's own traffic included. No product code knows it is there: the host
/// gets a connection string that points at the proxy.
/// </summary>
internal sealed partial class StorageTrafficCounter : IAsyncDisposable
{
    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "Expect", "Proxy-Connection", "Upgrade", "TE", "Trailer",
    };

    private readonly WebApplication _app;
    private readonly HttpMessageInvoker _azurite = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
    });

    private readonly Dictionary<int, (Service Service, Uri Target)> _ports;
    private readonly ConcurrentDictionary<string, TableTraffic> _tables = new();
    private readonly ConcurrentDictionary<string, QueueTraffic> _queues = new();
    private long _blobRequests;

    private StorageTrafficCounter(WebApplication app, Dictionary<int, (Service, Uri)> ports, string connectionString)
    {
        _app = app;
        _ports = ports;
        ConnectionString = connectionString;
    }

    private enum Service
    {
        Blob,
        Queue,
        Table,
    }

    /// <summary>The proxy's first port: 50 above the Azurite port base (<c>AZURITE_PORT_BASE</c>, default 10000).</summary>
    public static int FirstPort =>
        int.Parse(Environment.GetEnvironmentVariable("AZURITE_PORT_BASE") is { Length: > 0 } given ? given : "10000", CultureInfo.InvariantCulture) + 50;

    /// <summary>The connection string that sends the same account's traffic through the proxy.</summary>
    public string ConnectionString { get; }

    /// <summary>
    /// Listens on <paramref name="firstPort"/> (blob), +1 (queue), +2 (table) on loopback and forwards to the
    /// endpoints of <paramref name="azurite"/>, an Azurite connection string (explicit endpoints or development storage).
    /// </summary>
    public static async Task<StorageTrafficCounter> StartAsync(string azurite, int firstPort)
    {
        Dictionary<string, string> parts = azurite.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.OrdinalIgnoreCase);
        const string devAccount = "devstoreaccount1";
        const string devKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
        Uri Endpoint(string name, int devPort) =>
            new(parts.TryGetValue(name, out string? given) ? given.TrimEnd('/') + "/" : $"http://127.0.0.1:{devPort}/{devAccount}/");
        var ports = new Dictionary<int, (Service, Uri)>
        {
            [firstPort] = (Service.Blob, Endpoint("BlobEndpoint", 10000)),
            [firstPort + 1] = (Service.Queue, Endpoint("QueueEndpoint", 10001)),
            [firstPort + 2] = (Service.Table, Endpoint("TableEndpoint", 10002)),
        };
        string account = parts.GetValueOrDefault("AccountName", devAccount);
        string proxied = $"DefaultEndpointsProtocol=http;AccountName={account};AccountKey={parts.GetValueOrDefault("AccountKey", devKey)};"
            + $"BlobEndpoint=http://127.0.0.1:{firstPort}/{account};QueueEndpoint=http://127.0.0.1:{firstPort + 1}/{account};"
            + $"TableEndpoint=http://127.0.0.1:{firstPort + 2}/{account};";

        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = null;
            foreach (int port in ports.Keys)
            {
                k.Listen(IPAddress.Loopback, port, l => l.Protocols = HttpProtocols.Http1);
            }
        });
        WebApplication app = builder.Build();
        var counter = new StorageTrafficCounter(app, ports, proxied);
        app.Run(counter.ForwardAsync);
        await app.StartAsync();
        return counter;
    }

    /// <summary>Everything counted so far; subtract two snapshots for the traffic between them.</summary>
    public StorageTraffic Snapshot() => new(
        _tables.ToDictionary(t => t.Key, t => t.Value.Copy()),
        _queues.ToDictionary(q => q.Key, q => q.Value.Copy()),
        Interlocked.Read(ref _blobRequests));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _azurite.Dispose();
    }

    private async Task ForwardAsync(HttpContext context)
    {
        (Service service, Uri target) = _ports[context.Connection.LocalPort];
        string rawTarget = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        byte[] body;
        using (var buffer = new MemoryStream())
        {
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            body = buffer.ToArray();
        }

        // The proxy's endpoints carry the same account path as Azurite's, so the raw target (as the client signed it) goes as is.
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri($"{target.Scheme}://{target.Authority}{rawTarget}"));
        HttpContent? content = body.Length > 0 || context.Request.Headers.ContentType.Count > 0 || context.Request.ContentLength is not null
            ? new ByteArrayContent(body)
            : null;
        foreach ((string name, Microsoft.Extensions.Primitives.StringValues values) in context.Request.Headers)
        {
            if (HopHeaders.Contains(name))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        request.Content = content;
        long sent = Stopwatch.GetTimestamp();
        using HttpResponseMessage response = await _azurite.SendAsync(request, context.RequestAborted);
        byte[] answer = await response.Content.ReadAsByteArrayAsync(context.RequestAborted);
        long waited = Stopwatch.GetTimestamp() - sent;
        context.Response.StatusCode = (int)response.StatusCode;
        foreach ((string name, IEnumerable<string> values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopHeaders.Contains(name) && !(name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotModified))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        if (answer.Length > 0 && !HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(answer, context.RequestAborted);
        }

        string path = Uri.UnescapeDataString(rawTarget.Split('?', 2)[0]);
        string query = rawTarget.Contains('?', StringComparison.Ordinal) ? rawTarget.Split('?', 2)[1] : "";
        switch (service)
        {
            case Service.Table:
                CountTable(context.Request.Method, path, body, (int)response.StatusCode, answer, waited);
                break;
            case Service.Queue:
                CountQueue(context.Request.Method, path, query, answer);
                break;
            default:
                Interlocked.Increment(ref _blobRequests);
                break;
        }
    }

    /// <param name="waited">Stopwatch ticks from sending the request to Azurite to its whole answer.</param>
    private void CountTable(string method, string path, byte[] body, int status, byte[] answer, long waited)
    {
        // Path: /account/$batch, /account/Tables..., /account/Name, /account/Name(), /account/Name(PartitionKey='p',RowKey='r').
        string[] segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string resource = segments.Length > 1 ? segments[1] : "";
        if (resource == "$batch")
        {
            string text = Encoding.UTF8.GetString(body);
            bool failed = FirstInnerStatus().Match(Encoding.UTF8.GetString(answer)) is { Success: true } m && int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) >= 300;
            foreach (IGrouping<string, Match> table in ChangesetOperation().Matches(text).GroupBy(o => o.Groups[1].Value))
            {
                TableTraffic t = Table(table.Key);
                Interlocked.Increment(ref failed ? ref t.FailedTransactions : ref t.Transactions);
                Interlocked.Add(ref failed ? ref t.FailedEntities : ref t.BatchedEntities, table.Count());
                Interlocked.Add(ref t.WriteTicks, waited);
            }

            return;
        }

        if (resource.StartsWith("Tables", StringComparison.Ordinal) || resource.Length == 0)
        {
            return;
        }

        int paren = resource.IndexOf('(', StringComparison.Ordinal);
        TableTraffic traffic = Table(paren < 0 ? resource : resource[..paren]);
        bool pointAddress = resource.Contains("PartitionKey=", StringComparison.Ordinal);
        if (HttpMethods.IsGet(method))
        {
            Interlocked.Add(ref pointAddress ? ref traffic.PointReadTicks : ref traffic.QueryTicks, waited);
            if (pointAddress)
            {
                Interlocked.Increment(ref traffic.PointReads);
                Interlocked.Add(ref traffic.RowsRead, status == 200 ? 1 : 0);
            }
            else
            {
                Interlocked.Increment(ref traffic.QueryPages);
                Interlocked.Add(ref traffic.RowsRead, status == 200 ? CountRows(answer) : 0);
            }
        }
        else
        {
            Interlocked.Add(ref traffic.WriteTicks, waited);
            Interlocked.Increment(ref status < 300 ? ref traffic.SingleWrites : ref traffic.FailedSingleWrites);
        }
    }

    private void CountQueue(string method, string path, string query, byte[] answer)
    {
        // Path: /account/queue, /account/queue/messages, /account/queue/messages/{id}.
        string[] segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 3 || segments[2] != "messages")
        {
            return;
        }

        QueueTraffic q = _queues.GetOrAdd(segments[1], _ => new QueueTraffic());
        if (segments.Length == 3 && HttpMethods.IsPost(method))
        {
            Interlocked.Increment(ref q.Sent);
        }
        else if (segments.Length == 3 && HttpMethods.IsGet(method) && !query.Contains("peekonly=true", StringComparison.OrdinalIgnoreCase))
        {
            int received = CountOccurrences(answer, "<QueueMessage>"u8);
            Interlocked.Add(ref q.Received, received);
            Interlocked.Increment(ref received == 0 ? ref q.EmptyPolls : ref q.Polls);
        }
        else if (segments.Length == 4 && HttpMethods.IsDelete(method))
        {
            Interlocked.Increment(ref q.Deleted);
        }
        else if (segments.Length == 4 && HttpMethods.IsPut(method))
        {
            Interlocked.Increment(ref q.Updated);
        }
    }

    private TableTraffic Table(string name) => _tables.GetOrAdd(name, _ => new TableTraffic());

    /// <summary>The entities in a query page: the items of its top-level <c>value</c> array.</summary>
    private static int CountRows(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        int rows = 0;
        bool inValue = false;
        while (reader.Read())
        {
            if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName)
            {
                inValue = reader.ValueTextEquals("value"u8);
            }
            else if (inValue && reader.CurrentDepth == 2 && reader.TokenType == JsonTokenType.StartObject)
            {
                rows++;
            }
        }

        return rows;
    }

    private static int CountOccurrences(ReadOnlySpan<byte> text, ReadOnlySpan<byte> word)
    {
        int count = 0;
        for (int at = text.IndexOf(word); at >= 0; at = text.IndexOf(word))
        {
            count++;
            text = text[(at + word.Length)..];
        }

        return count;
    }

    /// <summary>An operation line of a changeset: its method and the table it addresses.</summary>
    [GeneratedRegex(@"^(?:POST|PUT|MERGE|PATCH|DELETE) \S*?/([A-Za-z][A-Za-z0-9]*)[(?\s]", RegexOptions.Multiline)]
    private static partial Regex ChangesetOperation();

    /// <summary>The first inner status line of a batch response: a failed changeset answers with its one error.</summary>
    [GeneratedRegex(@"HTTP/1\.1 (\d{3})")]
    private static partial Regex FirstInnerStatus();
}

/// <summary>Requests to one table (mutable counters while counting; a copy in a snapshot).</summary>
internal sealed class TableTraffic
{
#pragma warning disable CA1051, SA1401 // Counted with Interlocked by reference.
    public long BatchedEntities;
    public long Transactions;
    public long FailedEntities;
    public long FailedTransactions;
    public long SingleWrites;
    public long FailedSingleWrites;
    public long PointReads;
    public long QueryPages;
    public long RowsRead;
    public long WriteTicks;
    public long PointReadTicks;
    public long QueryTicks;
#pragma warning restore CA1051, SA1401

    /// <summary>Entities written: in transactions and alone, failed ones included (Azurite did the work).</summary>
    public long Writes => BatchedEntities + FailedEntities + SingleWrites + FailedSingleWrites;

    public long Reads => PointReads + QueryPages;

    public TableTraffic Copy() => (TableTraffic)MemberwiseClone();

    public TableTraffic Minus(TableTraffic? earlier) => earlier is null ? this : new TableTraffic
    {
        BatchedEntities = BatchedEntities - earlier.BatchedEntities,
        Transactions = Transactions - earlier.Transactions,
        FailedEntities = FailedEntities - earlier.FailedEntities,
        FailedTransactions = FailedTransactions - earlier.FailedTransactions,
        SingleWrites = SingleWrites - earlier.SingleWrites,
        FailedSingleWrites = FailedSingleWrites - earlier.FailedSingleWrites,
        PointReads = PointReads - earlier.PointReads,
        QueryPages = QueryPages - earlier.QueryPages,
        RowsRead = RowsRead - earlier.RowsRead,
        WriteTicks = WriteTicks - earlier.WriteTicks,
        PointReadTicks = PointReadTicks - earlier.PointReadTicks,
        QueryTicks = QueryTicks - earlier.QueryTicks,
    };

    /// <summary>Mean milliseconds Azurite took to answer one write request (a transaction or a single write).</summary>
    public double MsPerWriteRequest => Mean(WriteTicks, Transactions + FailedTransactions + SingleWrites + FailedSingleWrites);

    /// <summary>Mean milliseconds Azurite took to answer one query page.</summary>
    public double MsPerQueryPage => Mean(QueryTicks, QueryPages);

    private static double Mean(long ticks, long requests) => requests == 0 ? 0 : ticks * 1000.0 / Stopwatch.Frequency / requests;
}

/// <summary>Message operations on one queue.</summary>
internal sealed class QueueTraffic
{
#pragma warning disable CA1051, SA1401 // Counted with Interlocked by reference.
    public long Sent;
    public long Received;
    public long Polls;
    public long EmptyPolls;
    public long Deleted;
    public long Updated;
#pragma warning restore CA1051, SA1401

    public QueueTraffic Copy() => (QueueTraffic)MemberwiseClone();

    public QueueTraffic Minus(QueueTraffic? earlier) => earlier is null ? this : new QueueTraffic
    {
        Sent = Sent - earlier.Sent,
        Received = Received - earlier.Received,
        Polls = Polls - earlier.Polls,
        EmptyPolls = EmptyPolls - earlier.EmptyPolls,
        Deleted = Deleted - earlier.Deleted,
        Updated = Updated - earlier.Updated,
    };
}

/// <summary>A snapshot of the counts, per table and per queue.</summary>
internal sealed record StorageTraffic(IReadOnlyDictionary<string, TableTraffic> Tables, IReadOnlyDictionary<string, QueueTraffic> Queues, long BlobRequests)
{
    public long Writes => Tables.Values.Sum(t => t.Writes);

    public long PointReads => Tables.Values.Sum(t => t.PointReads);

    public long QueryPages => Tables.Values.Sum(t => t.QueryPages);

    public long RowsRead => Tables.Values.Sum(t => t.RowsRead);

    public long MessagesSent => Queues.Values.Sum(q => q.Sent);

    /// <summary>The traffic since <paramref name="earlier"/>.</summary>
    public StorageTraffic Minus(StorageTraffic earlier) => new(
        Tables.ToDictionary(t => t.Key, t => t.Value.Minus(earlier.Tables.GetValueOrDefault(t.Key))),
        Queues.ToDictionary(q => q.Key, q => q.Value.Minus(earlier.Queues.GetValueOrDefault(q.Key))),
        BlobRequests - earlier.BlobRequests);
}
