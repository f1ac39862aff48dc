namespace JourneyFunctions.Domain.Marketo;

/// <summary>A Marketo program as the "change program status" action needs it: its id and its channel's statuses in step order.</summary>
public sealed record MarketoProgram(long Id, IReadOnlyList<string> Statuses);
