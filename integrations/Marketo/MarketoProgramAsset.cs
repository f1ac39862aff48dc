namespace JourneyFunctions.Marketo;

/// <summary>A program as Get Program by Name returns it (the fields journeys use): its channel names its statuses.</summary>
public sealed record MarketoProgramAsset(long Id, string Name, string Channel);

/// <summary>A channel as Get Channel by Name returns it: the statuses its programs' members move through.</summary>
public sealed record MarketoChannel(string Name, IReadOnlyList<MarketoProgressionStatus>? ProgressionStatuses);

/// <summary>One status of a channel, with its step (members move forward through the steps).</summary>
public sealed record MarketoProgressionStatus(string Name, int Step);

/// <summary>Marketo's per-lead answer to Sync Program Member Status, in request order.</summary>
public sealed record ProgramMemberResult(long? LeadId, string Status, IReadOnlyList<MarketoError>? Reasons);
