namespace JourneyFunctions.Domain.Contracts;

/// <summary>
/// Applies one action node to a group of accounts and, for people actions, to their people on the node's path:
/// all of an account's people, or inside a split by people only those listed in <see cref="People"/>. The node's
/// settings are not in it: the activity reads them from the run's immutable journey <see cref="Version"/>, so a run's
/// history holds no email bodies or other setting text, however many calls it makes.
/// </summary>
public sealed record ActionRequest(
    string RunId,
    string JourneyId,
    int Version,
    string NodeId,
    string Action,
    IReadOnlyList<string> AccountIds,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? People = null);
