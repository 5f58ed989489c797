namespace MilvusDM.PowerShell;

/// <summary>
/// What a write does when its target collection exists (the module's own type, so -Mode completes and validates
/// without loading Core): Append adds rows; Skip leaves it alone; Overwrite drops and recreates it (asks unless
/// -Force); Upsert replaces rows by primary key.
/// </summary>
public enum MilvusWriteMode { Append, Skip, Overwrite, Upsert }
