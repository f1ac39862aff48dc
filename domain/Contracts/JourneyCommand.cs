using System.Text.Json.Serialization;

namespace JourneyFunctions.Domain.Contracts;

/// <summary>
/// A request from one journey's action to another journey, carried on the <c>journey-commands</c> queue because
/// starting or changing a run needs the Durable client, which activities do not have. The source run and node
/// make it idempotent: the same command twice has one effect. <see cref="Kind"/> is required in a message (the app
/// always writes it): one without it would otherwise read as an add, the opposite of a damaged removal.
/// </summary>
public sealed record JourneyCommand([property: JsonRequired] JourneyCommandKind Kind, string JourneyId, string AccountId, string SourceRunId, string SourceNodeId);
