using System.Text.Json;
using System.Text.Json.Serialization;
using JourneyFunctions.Domain.Json;

namespace JourneyFunctions.Domain.Contracts;

/// <summary>
/// A batch orchestration's custom status: a view of its live <see cref="NodeCounts"/> per node id, written as an array
/// of the counts in declaration order with trailing zeros left out (<c>"wait":[500,0,500,5000,0,5000]</c>). The
/// Functions host refuses a custom status over 16 KB of UTF-16 text (8,192 characters), so a node costs its id and a
/// few numbers instead of eight member names: about 150 nodes reached in one batch with ids of 10 characters and counts
/// of 5 digits (the object per node this replaces held about 55). Written only when the worker serializes the status
/// (once per episode), not on every count change. A batch whose counts would pass the cap leaves out the nodes it
/// reached last (<see cref="Omitted"/>): the run's live counts of those nodes then miss that batch, but it runs on.
/// </summary>
[JsonConverter(typeof(Writer))]
public sealed class BatchCountsStatus(IReadOnlyDictionary<string, NodeCounts> counts)
{
    /// <summary>The most characters of JSON a custom status may hold under the Functions host.</summary>
    public const int MaxChars = 8_192;

    /// <summary>
    /// The member that counts the nodes left out of a status that would pass <see cref="MaxChars"/> (those reached last):
    /// not a node id, which cannot hold '*'.
    /// </summary>
    public const string Omitted = "*omitted";

    /// <summary>Room kept for the <see cref="Omitted"/> member: its name, quotes, brackets and a count.</summary>
    private const int OmittedReserve = 32;

    /// <summary>The live counts the status shows, by node id.</summary>
    public IReadOnlyDictionary<string, NodeCounts> Counts { get; } = counts ?? throw new ArgumentNullException(nameof(counts));

    /// <summary>
    /// The counts in a batch's serialized custom status (none for a JSON <c>null</c>, a batch that has not counted yet);
    /// also reads the earlier form, an object per node.
    /// </summary>
    public static Dictionary<string, NodeCounts> Parse(string status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var parsed = new Dictionary<string, NodeCounts>(StringComparer.Ordinal);
        foreach ((string node, JsonElement value) in JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(status, JsonDefaults.Options) ?? [])
        {
            if (node == Omitted)
            {
                continue;
            }

            parsed[node] = value.ValueKind == JsonValueKind.Array
                ? Expand([.. value.EnumerateArray().Select(n => n.GetInt32())])
                : value.Deserialize<NodeCounts>(JsonDefaults.Options) ?? new NodeCounts();
        }

        return parsed;
    }

    private static int[] Compact(NodeCounts c)
    {
        int[] all = [c.Reached, c.Current, c.Left, c.PeopleReached, c.PeopleCurrent, c.PeopleLeft, c.PeopleAffected, c.PeopleSkipped];
        int length = all.Length;
        while (length > 0 && all[length - 1] == 0)
        {
            length--;
        }

        return all[..length];
    }

    private static NodeCounts Expand(int[] values)
    {
        int At(int i) => i < values.Length ? values[i] : 0;
        return new NodeCounts
        {
            Reached = At(0), Current = At(1), Left = At(2), PeopleReached = At(3),
            PeopleCurrent = At(4), PeopleLeft = At(5), PeopleAffected = At(6), PeopleSkipped = At(7),
        };
    }

    /// <summary>Writes the compact form; the status is only ever read back through <see cref="Parse"/>.</summary>
    private sealed class Writer : JsonConverter<BatchCountsStatus>
    {
        public override BatchCountsStatus Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException($"Read a batch's counts with {nameof(BatchCountsStatus)}.{nameof(Parse)}.");

        public override void Write(Utf8JsonWriter writer, BatchCountsStatus value, JsonSerializerOptions options)
        {
            // Node ids and numbers are ASCII, so each costs its length in characters: nodes past the cap are left out
            // (counted under Omitted) rather than failing the batch under the Functions host.
            int written = 2; // { }
            int left = value.Counts.Count;
            writer.WriteStartObject();
            foreach ((string node, NodeCounts nodeCounts) in value.Counts)
            {
                int[] counts = Compact(nodeCounts);
                int cost = node.Length + 6 + counts.Sum(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture).Length + 1);
                if (written + cost > MaxChars - OmittedReserve)
                {
                    writer.WriteStartArray(Omitted);
                    writer.WriteNumberValue(left);
                    writer.WriteEndArray();
                    break;
                }

                writer.WriteStartArray(node);
                foreach (int count in counts)
                {
                    writer.WriteNumberValue(count);
                }

                writer.WriteEndArray();
                written += cost;
                left--;
            }

            writer.WriteEndObject();
        }
    }
}
