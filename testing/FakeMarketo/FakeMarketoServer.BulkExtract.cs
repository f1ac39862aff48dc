using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.FakeMarketo;

/// <summary>
/// Bulk Lead Extract on the fake: create (fields and one <c>updatedAt</c> or <c>createdAt</c> range of at most 31 days,
/// else 1003), enqueue (1029 "Too many jobs in queue" with <see cref="FakeMarketoLimits.MaxQueuedExports"/> queued or
/// processing; 1029 "Export daily quota exceeded" once today's files reach <see cref="FakeMarketoLimits.ExportDailyQuotaBytes"/>,
/// also on create), status, and file (CSV, whole or from a byte range; 1003 before <c>Completed</c> or after
/// <see cref="FakeMarketoLimits.ExportFileRetention"/>). Jobs move Created, Queued, Processing (at most
/// <see cref="FakeMarketoLimits.MaxProcessingExports"/> at once, for <see cref="FakeMarketoLimits.ExportProcessingTime"/>),
/// then Completed (their file counted against the quota) or Failed when a test asked for it. Each call is an API
/// call through the same limit checks as the REST endpoints.
/// </summary>
public sealed partial class FakeMarketoServer
{
    private readonly List<FakeExport> _exports = [];
    private int _exportsToFail;
    private Func<byte[], byte[]>? _rewriteFiles;
    private long _exportBytesToday;
    private long _exportBytesServed;

    /// <summary>Export jobs created so far, in order.</summary>
    public IReadOnlyList<(string ExportId, string Status)> Exports
    {
        get
        {
            lock (_lock)
            {
                Advance(DateTimeOffset.UtcNow);
                return [.. _exports.Select(e => (e.Id, e.Status))];
            }
        }
    }

    /// <summary>Bytes of export files counted against today's quota.</summary>
    public long ExportBytesToday => Interlocked.Read(ref _exportBytesToday);

    /// <summary>Bytes of export files sent to clients (a ranged download counts what it sent).</summary>
    public long ExportBytesServed => Interlocked.Read(ref _exportBytesServed);

    /// <summary>The next <paramref name="count"/> jobs to finish processing end <c>Failed</c>.</summary>
    public void FailNextExports(int count = 1) => Interlocked.Add(ref _exportsToFail, count);

    /// <summary>Jobs that finish from now on serve their file as <paramref name="rewrite"/> makes it (a broken or unusual file).</summary>
    public void RewriteExportFiles(Func<byte[], byte[]> rewrite) => _rewriteFiles = rewrite;

    /// <summary>Counts <paramref name="bytes"/> against today's export quota, as other integrations' jobs would.</summary>
    public void SpendExportQuota(long bytes) => Interlocked.Add(ref _exportBytesToday, bytes);

    /// <summary>Moves every finished job's finish time <paramref name="age"/> into the past (a file older than the retention is gone).</summary>
    public void AgeExports(TimeSpan age)
    {
        lock (_lock)
        {
            foreach (FakeExport export in _exports.Where(e => e.FinishedAt is not null))
            {
                export.FinishedAt -= age;
            }
        }
    }

    private void MapBulkExtract(WebApplication app)
    {
        app.MapPost("/bulk/v1/leads/export/create.json", async (HttpRequest request) =>
        {
            JsonNode? body = await JsonNode.ParseAsync(request.Body);
            return await ApiCallAsync(request, () => CreateExport(body));
        });
        app.MapPost("/bulk/v1/leads/export/{exportId}/enqueue.json", (HttpRequest request, string exportId) => ApiCallAsync(request, () => EnqueueExport(exportId)));
        app.MapGet("/bulk/v1/leads/export/{exportId}/status.json", (HttpRequest request, string exportId) => ApiCallAsync(request, () => ExportStatus(exportId)));
        app.MapGet("/bulk/v1/leads/export/{exportId}/file.json", (HttpRequest request, string exportId) => ApiCallAsync(request, () => ExportFile(request, exportId)));
    }

    private IResult CreateExport(JsonNode? body)
    {
        string[] fields = body?["fields"] is JsonArray array ? [.. array.Select(f => f?.GetValue<string>() ?? "")] : [];
        if (fields.Length == 0 || fields.Any(f => f.Length == 0))
        {
            return Failure(1003, "fields is required");
        }

        if (body?["filter"] is not JsonObject filter || filter.Count != 1 || filter.First() is not { Key: "updatedAt" or "createdAt" } only
            || only.Value is not JsonObject range
            || !DateTimeOffset.TryParse(range["startAt"]?.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset start)
            || !DateTimeOffset.TryParse(range["endAt"]?.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset end))
        {
            return Failure(1003, "filter needs exactly one of updatedAt or createdAt with startAt and endAt");
        }

        if (end - start > TimeSpan.FromDays(31) || end < start)
        {
            _violations.Enqueue($"export range: {start:u} to {end:u}, limit 31 days");
            return Failure(1003, "Date range must be 31 days or fewer");
        }

        lock (_lock)
        {
            if (Interlocked.Read(ref _exportBytesToday) >= _limits.ExportDailyQuotaBytes)
            {
                return Failure(1029, "Export daily quota exceeded");
            }

            var export = new FakeExport(Guid.NewGuid().ToString(), fields, only.Key, start, end, DateTimeOffset.UtcNow);
            _exports.Add(export);
            return Success([export.ToJson()]);
        }
    }

    private IResult EnqueueExport(string exportId)
    {
        lock (_lock)
        {
            DateTimeOffset now = DateTimeOffset.UtcNow;
            Advance(now);
            if (_exports.Find(e => e.Id == exportId) is not { } export)
            {
                return Failure(1003, $"Export {exportId} not found");
            }

            if (Interlocked.Read(ref _exportBytesToday) >= _limits.ExportDailyQuotaBytes)
            {
                return Failure(1029, "Export daily quota exceeded");
            }

            if (export.Status != "Created")
            {
                return Failure(1003, $"Export {exportId} is {export.Status}, not Created");
            }

            if (_exports.Count(e => e.Status is "Queued" or "Processing") >= _limits.MaxQueuedExports)
            {
                return Failure(1029, "Too many jobs in queue");
            }

            export.Status = "Queued";
            export.QueuedAt = now;
            Advance(now);
            return Success([export.ToJson()]);
        }
    }

    private IResult ExportStatus(string exportId)
    {
        lock (_lock)
        {
            Advance(DateTimeOffset.UtcNow);
            return _exports.Find(e => e.Id == exportId) is { } export ? Success([export.ToJson()]) : Failure(1003, $"Export {exportId} not found");
        }
    }

    private IResult ExportFile(HttpRequest request, string exportId)
    {
        byte[] file;
        lock (_lock)
        {
            DateTimeOffset now = DateTimeOffset.UtcNow;
            Advance(now);
            if (_exports.Find(e => e.Id == exportId) is not { } export)
            {
                return Failure(1003, $"Export {exportId} not found");
            }

            if (export.Status != "Completed" || export.File is null)
            {
                return Failure(1003, $"Export {exportId} is {export.Status}: no file");
            }

            if (export.FinishedAt + _limits.ExportFileRetention <= now)
            {
                return Failure(1003, $"Export {exportId}'s file expired");
            }

            file = export.File;
        }

        long from = 0;
        string range = request.Headers.Range.ToString();
        if (range.Length > 0)
        {
            if (!range.StartsWith("bytes=", StringComparison.Ordinal) || !range.EndsWith('-')
                || !long.TryParse(range.AsSpan(6, range.Length - 7), CultureInfo.InvariantCulture, out from) || from > file.Length)
            {
                return Results.StatusCode(StatusCodes.Status416RangeNotSatisfiable);
            }
        }

        Interlocked.Add(ref _exportBytesServed, file.Length - from);
        return new CsvFile(file, (int)from, range.Length > 0);
    }

    /// <summary>Finishes jobs whose processing time is up and starts queued ones while fewer than the limit process.</summary>
    private void Advance(DateTimeOffset now)
    {
        foreach (FakeExport export in _exports.Where(e => e.Status == "Processing" && e.StartedAt + _limits.ExportProcessingTime <= now))
        {
            export.FinishedAt = export.StartedAt + _limits.ExportProcessingTime;
            if (_exportsToFail > 0)
            {
                _exportsToFail--;
                export.Status = "Failed";
                export.ErrorMsg = "Export failed (injected)";
                continue;
            }

            export.File = _rewriteFiles is { } rewrite ? rewrite(Csv(export)) : Csv(export);
            export.Status = "Completed";
            Interlocked.Add(ref _exportBytesToday, export.File.Length);
        }

        foreach (FakeExport export in _exports.Where(e => e.Status == "Queued"))
        {
            if (_exports.Count(e => e.Status == "Processing") >= _limits.MaxProcessingExports)
            {
                break;
            }

            export.Status = "Processing";
            export.StartedAt = now;
        }
    }

    /// <summary>The job's leads as Marketo writes them: a header of the field names, one row per lead, quoted where needed, <c>null</c> for no value.</summary>
    private byte[] Csv(FakeExport export)
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', export.Fields.Select(Quote)).Append('\n');
        foreach (JsonObject lead in _leads.OrderBy(l => l.Key).Select(l => l.Value))
        {
            if (!DateTimeOffset.TryParse(lead[export.FilterField]?.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset at)
                || at < export.Start || at > export.End)
            {
                continue;
            }

            export.Records++;
            csv.AppendJoin(',', export.Fields.Select(f => lead[f] switch
            {
                null => "null",
                JsonValue value when value.GetValueKind() == JsonValueKind.String => Quote(value.GetValue<string>()),
                JsonNode node => Quote(node.ToJsonString()),
            })).Append('\n');
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static string Quote(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;

    private sealed class FakeExport(string id, string[] fields, string filterField, DateTimeOffset start, DateTimeOffset end, DateTimeOffset createdAt)
    {
        public string Id => id;

        public string[] Fields => fields;

        public string FilterField => filterField;

        public DateTimeOffset Start => start;

        public DateTimeOffset End => end;

        public string Status { get; set; } = "Created";

        public DateTimeOffset? QueuedAt { get; set; }

        public DateTimeOffset? StartedAt { get; set; }

        public DateTimeOffset? FinishedAt { get; set; }

        public byte[]? File { get; set; }

        public long Records { get; set; }

        public string? ErrorMsg { get; set; }

        public JsonObject ToJson()
        {
            var json = new JsonObject { ["exportId"] = id, ["format"] = "CSV", ["status"] = Status, ["createdAt"] = Iso(createdAt) };
            if (QueuedAt is { } queued)
            {
                json["queuedAt"] = Iso(queued);
            }

            if (StartedAt is { } started)
            {
                json["startedAt"] = Iso(started);
            }

            if (FinishedAt is { } finished)
            {
                json["finishedAt"] = Iso(finished);
            }

            if (File is not null)
            {
                json["numberOfRecords"] = Records;
                json["fileSize"] = File.Length;
            }

            if (ErrorMsg is not null)
            {
                json["errorMsg"] = ErrorMsg;
            }

            return json;
        }

        private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
    }

    /// <summary>The file (or its tail from a byte range: 206 with Content-Range), written in chunks as a download arrives.</summary>
    private sealed class CsvFile(byte[] file, int from, bool ranged) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            HttpResponse response = httpContext.Response;
            response.ContentType = "text/csv";
            response.ContentLength = file.Length - from;
            if (ranged)
            {
                response.StatusCode = StatusCodes.Status206PartialContent;
                response.Headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes {from}-{file.Length - 1}/{file.Length}");
            }

            for (int at = from; at < file.Length; at += 16 * 1024)
            {
                await response.Body.WriteAsync(file.AsMemory(at, Math.Min(16 * 1024, file.Length - at)), httpContext.RequestAborted);
            }
        }
    }
}
