namespace JourneyFunctions.Domain.Sync;

/// <summary>A sales-owned person the sync could not copy: who (as the source names them), the field at fault, and why.</summary>
public sealed record SyncRejection(string MarketoId, string? AccountId, string Field, string Reason);
