namespace JourneyFunctions.Domain.Marketo;

/// <summary>An email kept in a Marketo workspace, chosen by name in a "send email" action.</summary>
public sealed record MarketoEmail(string Workspace, string Name, string Subject, string Body);
