namespace MilvusDM.Core.Transfer;

/// <summary>What to do when the destination collection already exists.</summary>
public enum WriteMode
{
    /// <summary>Insert into it (schemas must match).</summary>
    Append,

    /// <summary>Leave it alone and report the transfer as skipped.</summary>
    Skip,

    /// <summary>Drop and recreate it.</summary>
    Overwrite,

    /// <summary>Upsert by primary key (schemas must match; the key must not be auto-id).</summary>
    Upsert,
}
