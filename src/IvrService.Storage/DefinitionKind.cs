namespace IvrService.Storage;

/// <summary>What a stored flow is (stored as <c>menu</c> or <c>survey</c>); a flow id keeps its kind for good.</summary>
public enum DefinitionKind
{
    /// <summary>An inbound menu (IVR).</summary>
    Menu,

    /// <summary>A happy-call survey.</summary>
    Survey,
}
