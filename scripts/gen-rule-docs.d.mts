export declare function generateRuleDocs(): string;
