using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using JourneyFunctions.Domain.Json;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.Handlers.Http;

/// <summary>
/// Reads a JSON request body of at most <see cref="MaxBytes"/>: too large is a 413, malformed JSON, a wrong JSON
/// type or a null where a value is needed a 400 naming the field, in words that name no internal type.
/// </summary>
public static partial class RequestBody
{
    /// <summary>The largest request body read (1 MiB), well below the servers' own limits (30 MB Kestrel, 100 MB Functions).</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The deepest nesting of a request body (the README's limits): what is stored from it must still nest a level or two deeper (<see cref="JsonDefaults"/>).</summary>
    public const int MaxDepth = 64;

    private const string GivenTwice = "is given twice in one object";

    private const string GivenTwiceInAnotherCase = GivenTwice + " (member names match ignoring case)";

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>
    /// The request options: the wire shape; a null where the model has no null, and a member given twice (which of
    /// the two was meant?), are errors, not a later crash or a silent pick.
    /// </summary>
    private static readonly JsonSerializerOptions Options = new(JsonDefaults.Options)
    {
        RespectNullableAnnotations = true,
        AllowDuplicateProperties = false,
        MaxDepth = RequestBody.MaxDepth,
        // A number is a JSON number: "5" is text (the web defaults would read it as 5).
        NumberHandling = JsonNumberHandling.Strict,
    };

    /// <summary>The body as <typeparamref name="T"/>, or the problem to answer; with <paramref name="optional"/> an empty body (none sent, or only whitespace) is no value and no problem.</summary>
    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken, bool optional = false)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        byte[]? body = await ReadBoundedAsync(request, cancellationToken);
        if (body is null)
        {
            return (null, ApiResults.Problem(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {MaxBytes} bytes."));
        }

        if (body.AsSpan().StartsWith(Utf8Bom))
        {
            // RFC 8259 section 8.1: a parser may ignore a byte order mark, and some clients (PowerShell 5's
            // Invoke-RestMethod, Notepad-saved files sent with curl --data-binary) send one.
            body = body[Utf8Bom.Length..];
        }

        // JSON's own whitespace around nothing is no document: an empty body however it is sent.
        bool blank = body.AsSpan().Trim(" \t\r\n"u8).IsEmpty;
        if (blank && optional)
        {
            return (null, null);
        }

        // A body read as a JSON tree (its members looked up by the handler) has no model to match names against; its
        // tree would hold names ignoring case, as the models do, so a member in another case is the same member again.
        if (TextProblem(body, ignoreCase: typeof(JsonNode).IsAssignableFrom(typeof(T))) is { } problem)
        {
            return (null, ApiResults.Problem(
                StatusCodes.Status400BadRequest,
                $"Malformed JSON at byte {problem.At + 1}{(problem.Field.Length > 0 ? $" ('{problem.Field}')" : "")}: {problem.Reason}",
                [new(null, problem.Field.Length > 0 ? problem.Field : null, problem.Reason)],
                ProblemType.MalformedJson));
        }

        try
        {
            T? value = blank ? null : JsonSerializer.Deserialize<T>(body, Options);
            return value is null
                ? (null, ApiResults.Problem(StatusCodes.Status400BadRequest, $"The request body is {(blank ? "empty" : "null")}; a JSON object is expected.", type: ProblemType.MalformedJson))
                : (value, null);
        }
        catch (JsonException e)
        {
            return (null, Malformed(e));
        }
    }

    /// <summary>
    /// A 400 for a <see cref="JsonException"/>, naming the line, position and field; for a part of the body read on its
    /// own, <paramref name="partOf"/> is that part's field prefix (e.g. <c>[2].</c>) and the line is not the body's.
    /// </summary>
    public static IResult Malformed(JsonException exception, string? partOf = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        string where = partOf is null && exception.LineNumber is { } line ? $" at line {line + 1}, position {exception.BytePositionInLine + 1}" : "";
        string field = FieldOf(exception.Path) is { Length: > 0 } path ? partOf + path : partOf?.TrimEnd('.') ?? "";
        if (field.Length == 0 && Missing().Match(exception.Message) is { Success: true } missing)
        {
            field = missing.Groups[1].Value.Split(',')[0].Trim().Trim('\''); // a member the body's own object lacks: named by itself
        }

        string reason = Reason(exception.Message, exception.Path);
        return ApiResults.Problem(
            StatusCodes.Status400BadRequest,
            $"Malformed JSON{where}{(field.Length > 0 ? $" ('{field}')" : "")}: {reason}",
            [new(null, field.Length > 0 ? field : null, reason)],
            ProblemType.MalformedJson);
    }

    /// <summary>
    /// The first thing in a well-formed body that no reader of it may take, with its field: a member given twice
    /// (which of the two was meant?), a text of bytes that are not UTF-8, or one escaping half a surrogate pair (valid
    /// JSON, but no text: a typed member
    /// refuses one as it is read, while a free-form one, an action's settings, would keep it raw and fail when written
    /// out). Null when there is none, or when the JSON is malformed (the serializer then says where).
    /// </summary>
    private static (string Field, string Reason, long At)? TextProblem(byte[] body, bool ignoreCase)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxDepth });
        // One entry per open object or array: the member being read (objects, with the names seen) or the item index (arrays).
        var open = new List<(string? Member, int Index, HashSet<string>? Names)>();
        bool valueRead = false;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        string? name = Text(ref reader);
                        if (name is null)
                        {
                            return (Field(open), "a member name " + Unreadable(ref reader), reader.TokenStartIndex);
                        }

                        open[^1] = open[^1] with { Member = name };
                        if (open[^1].Names!.TryGetValue(name, out string? seen))
                        {
                            return (Field(open), seen == name ? GivenTwice : GivenTwiceInAnotherCase, reader.TokenStartIndex);
                        }

                        open[^1].Names!.Add(name);

                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        NextItem(open);
                        open.Add((null, -1, reader.TokenType == JsonTokenType.StartObject ? new HashSet<string>(ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal) : null));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        open.RemoveAt(open.Count - 1);
                        break;
                    default:
                        NextItem(open);
                        if (reader.TokenType == JsonTokenType.String && Text(ref reader) is null)
                        {
                            return (Field(open), Unreadable(ref reader), reader.TokenStartIndex);
                        }

                        break;
                }

                valueRead = open.Count == 0;
            }
        }
        catch (JsonException) when (open.Count >= MaxDepth && OpensNext(body, reader.BytesConsumed))
        {
            // Named here: the serializer skipping a member it does not know would name no field. The field is the
            // innermost member, without the array items below it.
            int member = open.FindLastIndex(o => o.Member is not null);
            return (Field(open.GetRange(0, member + 1)), $"nests deeper than {MaxDepth} levels", reader.TokenStartIndex);
        }
        catch (JsonException) when (valueRead)
        {
            // Before the serializer, which would name a member the first value lacks rather than the text after it.
            return ("", "there is text after the JSON value", reader.BytesConsumed);
        }
        catch (JsonException)
        {
            return null;
        }

        return null;

        // Whether the next token after what was read opens an object or array (past the ',' or ':' before it): the
        // reader stopped for the depth, not for a malformed token.
        static bool OpensNext(byte[] body, long from)
        {
            ReadOnlySpan<byte> rest = body.AsSpan((int)from).TrimStart(" \t\r\n"u8);
            rest = rest is [(byte)',' or (byte)':', ..] ? rest[1..].TrimStart(" \t\r\n"u8) : rest;
            return rest is [(byte)'[' or (byte)'{', ..];
        }

        static string? Text(ref Utf8JsonReader reader)
        {
            try
            {
                return reader.GetString();
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }

        // Why a string token is no text: bytes that are not UTF-8, or an escape of half a surrogate pair.
        static string Unreadable(ref Utf8JsonReader reader) =>
            System.Text.Unicode.Utf8.IsValid(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan)
                ? "holds half of a UTF-16 surrogate pair (an escape \\uD800-\\uDFFF without its other half)"
                : "is not valid UTF-8 text";

        static void NextItem(List<(string? Member, int Index, HashSet<string>? Names)> open)
        {
            if (open is [.., { Names: null } array])
            {
                open[^1] = array with { Index = array.Index + 1 };
            }
        }

        static string Field(List<(string? Member, int Index, HashSet<string>? Names)> open) =>
            string.Concat(open.Select(o => o.Names is null ? $"[{o.Index}]" : "." + o.Member)).TrimStart('.');
    }

    /// <summary>"$.nodes[0].id" -> "nodes[0].id".</summary>
    public static string FieldOf(string? jsonPath) => jsonPath is null ? "" : jsonPath.TrimStart('$').TrimStart('.');

    private static async Task<byte[]?> ReadBoundedAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>The serializer's reason in the API's words: its messages name .NET types, which the API never shows.</summary>
    private static string Reason(string message, string? path)
    {
        if (Converted().Match(message) is { Success: true } converted)
        {
            string type = converted.Groups[1].Value;
            return !MemberOfRecord(type, path) ? "has the wrong JSON type: " + Expected(type)
                : Member(type, path!) is { } member ? $"has the wrong JSON type: {Expected(member.PropertyType.FullName!)}{(MayBeNull(member) ? "" : " (it may not be null)")}"
                : "has the wrong JSON type, or is a number out of range";
        }

        if (message.Contains("null value", StringComparison.OrdinalIgnoreCase) || message.Contains("null values", StringComparison.OrdinalIgnoreCase))
        {
            return "may not be null";
        }

        if (Unmapped().IsMatch(message))
        {
            return "is not a known member of this object";
        }

        if (message.StartsWith("Duplicate", StringComparison.OrdinalIgnoreCase))
        {
            // The same member in another case: member names match ignoring case, so it is the first one again.
            return GivenTwiceInAnotherCase;
        }

        if (Missing().Match(message) is { Success: true } missing)
        {
            return $"is missing required field(s) {missing.Groups[1].Value}";
        }

        string first = message.Split('\n')[0];
        first = first.Split(" LineNumber:", 2)[0].Split(" Path:", 2)[0].Trim();
        // The parser's advice is for the server's code, not for the client.
        if (first.Contains("trailing comma", StringComparison.OrdinalIgnoreCase))
        {
            return "has a trailing comma, which JSON does not allow";
        }

        first = first.Replace(" Change the reader options.", "", StringComparison.Ordinal);
        return ApiErrors.Shown(first, "is not valid here");
    }

    /// <summary>
    /// The type of the record member the path ends at (the serializer names a positional record's own type when one of
    /// its constructor's values does not convert), or null when it cannot be found.
    /// </summary>
    // From the member's nullable annotation: a text member such as an edge's path takes null as absent, as an int? does.
    // (A context per call: NullabilityInfoContext is not thread-safe, and this is an error's path only.)
    private static bool MayBeNull(PropertyInfo member) => new NullabilityInfoContext().Create(member).ReadState == NullabilityState.Nullable;

    private static PropertyInfo? Member(string recordType, string path)
    {
        string member = path[(path.LastIndexOf('.') + 1)..];
        // The serializer has just read the record, so its assembly is loaded: no assembly is loaded on an error's path.
        return AppDomain.CurrentDomain.GetAssemblies()
            .Select(a => a.GetType(recordType)).FirstOrDefault(t => t is not null)
            ?.GetProperty(member, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
    }

    /// <summary>
    /// Whether the serializer named a record read through its constructor while the path names one of its members
    /// (<c>...reentry.maxEntries</c> for <c>ReentryPolicy</c>): the member's own type is then not in the message.
    /// </summary>
    private static bool MemberOfRecord(string type, string? path)
    {
        if (!type.StartsWith("JourneyFunctions.", StringComparison.Ordinal) || type.Contains('[', StringComparison.Ordinal) || path is null || path.EndsWith(']'))
        {
            return false;
        }

        string member = path[(path.LastIndexOf('.') + 1)..];
        string record = type[(type.LastIndexOf('.') + 1)..];
        return !record.Equals(member, StringComparison.OrdinalIgnoreCase);
    }

    private static string Expected(string type) =>
        type.Contains("Dictionary", StringComparison.Ordinal) ? "an object expected"
        : IsArray(type) ? "an array expected"
        : type.Contains("String", StringComparison.Ordinal) ? "text expected"
        : type.Contains("DateTime", StringComparison.Ordinal) ? "an ISO-8601 date-time text expected"
        : type.Contains("Boolean", StringComparison.Ordinal) ? "true or false expected"
        : type.Contains("Int", StringComparison.Ordinal) || type.Contains("Double", StringComparison.Ordinal) || type.Contains("Decimal", StringComparison.Ordinal)
            ? "a number in range expected"
        : "an object expected";

    /// <summary>An array or a generic collection (<c>IReadOnlyList`1[System.String]</c>), before its item type is looked at; not a nullable value.</summary>
    private static bool IsArray(string type) =>
        type.EndsWith("[]", StringComparison.Ordinal) || (type.Contains("`1[", StringComparison.Ordinal) && !type.StartsWith("System.Nullable`1", StringComparison.Ordinal));

    [GeneratedRegex(@"could not be converted to ([^\s]+?)\.?\s")]
    private static partial Regex Converted();

    [GeneratedRegex(@"The JSON property '.*' could not be mapped to any \.NET member")]
    private static partial Regex Unmapped();

    [GeneratedRegex(@"missing required properties including: (.+?)\.?$", RegexOptions.Multiline)]
    private static partial Regex Missing();
}
