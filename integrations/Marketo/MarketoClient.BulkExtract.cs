using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using JourneyFunctions.Domain.Web;

namespace JourneyFunctions.Marketo;

/// <summary>
/// Bulk Lead Extract (<c>/bulk/v1/leads/export</c>): create a job, enqueue it, read its status, download its CSV file.
/// Each is one API call through the same token and limiter as the REST calls. The file is handed out as a stream that
/// holds its concurrency slot until disposed (a download is a call in flight for as long as it runs).
/// </summary>
public sealed partial class MarketoClient
{
    /// <summary>The longest <c>updatedAt</c> range one export job may cover (Marketo: 31 days; a longer one is refused with 1003).</summary>
    public static readonly TimeSpan MaxExportRange = TimeSpan.FromDays(31);

    /// <summary>When the daily call and export quotas reset (midnight US Central).</summary>
    public DateTime QuotaResetsAtUtc => limiter.QuotaResetsAtUtc;

    /// <summary>Creates (does not enqueue) an export of <paramref name="fields"/> for the leads last updated in [<paramref name="from"/>, <paramref name="to"/>].</summary>
    /// <exception cref="MarketoApiException">1029 when the day's export quota is spent; 1003 for a range over 31 days.</exception>
    public async Task<LeadExportJob> CreateLeadExportAsync(IReadOnlyList<string> fields, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (to <= from || to - from > MaxExportRange)
        {
            throw new ArgumentOutOfRangeException(nameof(to), $"An export's updatedAt range must be positive and at most {MaxExportRange.TotalDays} days ({from:u} to {to:u}).");
        }

        string body = JsonSerializer.Serialize(new { fields, format = "CSV", filter = new { updatedAt = new { startAt = Iso(from), endAt = Iso(to) } } }, MarketoJson.Options);
        return Single(await SendAsync(HttpMethod.Post, "bulk/v1/leads/export/create.json", body, cancellationToken));
    }

    /// <summary>Puts a <c>Created</c> job in the export queue.</summary>
    /// <exception cref="MarketoApiException">1029 when 10 jobs are queued already or the day's export quota is spent.</exception>
    public async Task<LeadExportJob> EnqueueLeadExportAsync(string exportId, CancellationToken cancellationToken) =>
        Single(await SendAsync(HttpMethod.Post, ExportPath(exportId, "enqueue.json"), null, cancellationToken));

    public async Task<LeadExportJob> GetLeadExportStatusAsync(string exportId, CancellationToken cancellationToken) =>
        Single(await SendAsync(HttpMethod.Get, ExportPath(exportId, "status.json"), null, cancellationToken));

    /// <summary>
    /// The file of a <c>Completed</c> job from byte <paramref name="fromByte"/> on (an HTTP range, so a resumed read does
    /// not download what was applied), as a stream read while it arrives. Dispose it to end the call.
    /// </summary>
    /// <exception cref="MarketoApiException">Marketo refused (e.g. the file expired); a gateway failure after the retries.</exception>
    public async Task<Stream> OpenLeadExportFileAsync(string exportId, long fromByte, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromByte);
        string path = ExportPath(exportId, "file.json");
        for (int attempt = 1; ; attempt++)
        {
            string token = await tokens.GetAsync(cancellationToken);
            IDisposable lease = await limiter.AcquireAsync(cancellationToken);
            HttpResponseMessage? response = null;
            bool handedOver = false;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, ApiAddress.Under(options.BaseUrl, path));
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                if (fromByte > 0)
                {
                    request.Headers.Range = new RangeHeaderValue(fromByte, null);
                }

                Interlocked.Increment(ref _calls);
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                bool envelope = response.Content.Headers.ContentType?.MediaType == "application/json";
                if (response.IsSuccessStatusCode && !envelope)
                {
                    if (fromByte > 0 && response.StatusCode != HttpStatusCode.PartialContent)
                    {
                        throw new MarketoApiException($"Marketo ignored the byte range of export {exportId}'s file (HTTP {(int)response.StatusCode}).");
                    }

                    Stream body = await response.Content.ReadAsStreamAsync(cancellationToken);
                    handedOver = true;
                    return new LeasedStream(body, response, lease);
                }

                MarketoError error = envelope && response.IsSuccessStatusCode
                    ? (await response.Content.ReadFromJsonAsync<MarketoResponse>(MarketoJson.Options, cancellationToken))?.Errors is [MarketoError first, ..] ? first : new MarketoError("0", "no error detail")
                    : new MarketoError(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), $"HTTP {(int)response.StatusCode}");
                int code = error.NumericCode;
                bool retryable = MarketoErrorCodes.RenewsToken(code) || MarketoErrorCodes.IsTransient(code) || code is 502 or 503 or 504;
                if (!retryable || attempt >= options.MaxAttempts)
                {
                    throw new MarketoApiException(code, $"{error.Message} ({CallOf("GET", path, attempt)})");
                }

                _retries.AddOrUpdate(code, 1, (_, n) => n + 1);
                if (MarketoErrorCodes.RenewsToken(code))
                {
                    tokens.Invalidate(token);
                    continue;
                }
            }
            finally
            {
                if (!handedOver)
                {
                    response?.Dispose();
                    lease.Dispose();
                }
            }

            await Task.Delay(Backoff(attempt), clock, cancellationToken);
        }
    }

    private static string ExportPath(string exportId, string action) =>
        string.Create(CultureInfo.InvariantCulture, $"bulk/v1/leads/export/{Uri.EscapeDataString(exportId)}/{action}");

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static LeadExportJob Single(MarketoResponse response) =>
        response.ResultAs<LeadExportJob>() is [LeadExportJob job] ? job : throw new MarketoApiException("Marketo answered an export call without exactly one job.");

    /// <summary>The file's body; disposing it ends the response and frees the call's concurrency slot.</summary>
    private sealed class LeasedStream(Stream inner, HttpResponseMessage response, IDisposable lease) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                response.Dispose();
                lease.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
