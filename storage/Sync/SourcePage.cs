using Azure.Data.Tables;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage;

namespace JourneyFunctions.Storage.Sync;

/// <summary>
/// One page read from a <see cref="IPeopleSource"/>. <see cref="NextCursor"/> is null after the last page.
/// <see cref="PausedUntilUtc"/> is set (and the page empty) when the source refuses calls until then, e.g. a spent
/// daily API quota; the cursor then stays where it was.
/// </summary>
public sealed record SourcePage(IReadOnlyList<TableEntity> People, string? NextCursor, DateTime? PausedUntilUtc = null, string? PauseReason = null);
