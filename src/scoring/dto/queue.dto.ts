import { ApiProperty } from '@nestjs/swagger';

/** One item waiting for the caller's rating: everything a phone needs to rate it in one more request. */
export class QueueItemDto {
  @ApiProperty({ format: 'uuid' }) roundId: string;
  @ApiProperty() roundTitle: string;
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty({ format: 'uuid' }) householdId: string;
  @ApiProperty() householdCode: string;
  @ApiProperty({ type: String, nullable: true, example: '张*明', description: "The household head's name, masked" }) headName: string | null;
  @ApiProperty() ruleCode: string;
  @ApiProperty() ruleTitle: string;
  @ApiProperty() ruleCategory: string;
  @ApiProperty({ type: Number, nullable: true, description: "The rule's fixed points (approving gives exactly these); null for a range" }) rulePoints: number | null;
  @ApiProperty({ type: Number, nullable: true, description: "The rule's range: approving needs points within minPoints..maxPoints" }) ruleMinPoints: number | null;
  @ApiProperty({ type: Number, nullable: true }) ruleMaxPoints: number | null;
  @ApiProperty() proposedPoints: number;
  @ApiProperty({ type: [String] }) evidence: string[];
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ enum: ['panel', 'self_claim'] }) source: 'panel' | 'self_claim';
  @ApiProperty({ type: Object, nullable: true, additionalProperties: false, description: 'Always null: the queue holds the items the caller has not rated' }) myRating: null;
}

/** An open round a resident may add a self-claim (申报) to. */
export class OpenRoundDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) villageId: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date' }) periodStart: string;
  @ApiProperty({ format: 'date' }) periodEnd: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
