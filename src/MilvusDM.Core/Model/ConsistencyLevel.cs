namespace MilvusDM.Core.Model;

/// <summary>Official <c>common.ConsistencyLevel</c> values.</summary>
public enum ConsistencyLevel
{
    Strong = 0,
    Session = 1,
    Bounded = 2,
    Eventually = 3,
    Customized = 4,
}
