namespace IvrService.Storage;

/// <summary>A menu file shipped with the product, stored as version 1 of its flow when the flow has no version yet.</summary>
public sealed record FlowSeedFile(string FlowId, string Yaml, string SourceName);
